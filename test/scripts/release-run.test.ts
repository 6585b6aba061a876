import fs from 'node:fs'
import path from 'node:path'
import type { BuildOptions, BuildResult } from '../../scripts/lib/build'
import { BuildError } from '../../scripts/lib/build-error'
import type { CiProject, CreateProjectOptions, PreviewOptions, UploadOptions } from '../../scripts/lib/release/ci-types'
import { runReleaseCli } from '../../scripts/lib/release/cli'
import type { ReleaseConfig } from '../../scripts/lib/release/config'
import { ReleaseConfigError, ReleaseError } from '../../scripts/lib/release/errors'
import { runRelease } from '../../scripts/lib/release/run'
import type { ReleaseDeps } from '../../scripts/lib/release/run'
import { APPID, fixedCommit, makePrivateKey, makeProject } from './helpers/release-fixture'

const KEY = makePrivateKey()
const SIZES = { main: 40_000, subpackages: { live: 1_000 }, total: 41_000, files: 60 }
const PROJECT = { fake: 'project' } as unknown as CiProject

function fakeDeps(overrides: Partial<ReleaseDeps> = {}) {
  const lines: string[] = []
  const build = jest.fn(async (options: BuildOptions): Promise<BuildResult> => ({
    zipPath: path.join(options.projectDir, 'dist/miniprogram.zip'),
    sizeReportPath: path.join(options.projectDir, 'dist/package-size.json'),
    sizes: SIZES,
    files: ['app.js', 'live/viewer/index.js'],
  }))
  const createProject = jest.fn((_options: CreateProjectOptions) => PROJECT)
  const upload = jest.fn(async (options: UploadOptions) => {
    options.onProgressUpdate?.({ id: '1', message: 'compile', status: 'doing' })
    options.onProgressUpdate?.({ id: '1', message: 'compile', status: 'done' })
    options.onProgressUpdate?.('upload started')
    return { subPackageInfo: [{ name: '__FULL__', size: 41_200 }, { name: '__APP__', size: 40_100 }, { name: 'live', size: 1_100 }] }
  })
  const preview = jest.fn(async (_options: PreviewOptions) => ({ subPackageInfo: [{ name: '__APP__', size: 40_100 }] }))
  const deps = { build, createProject, upload, preview, log: (line: string) => lines.push(line), ...overrides }
  return { deps, lines, build, createProject, upload, preview }
}

function config(overrides: Partial<ReleaseConfig> = {}): ReleaseConfig {
  return {
    action: 'upload',
    projectDir: makeProject(),
    appid: APPID,
    key: { content: KEY, source: 'MP_PRIVATE_KEY' },
    robot: 1,
    version: '1.4.2',
    desc: 'abc1234 Add the live room',
    dryRun: false,
    typecheck: true,
    packNpm: true,
    blockers: [],
    ...overrides,
  }
}

describe('runRelease: upload', () => {
  it('builds, then uploads with the version, desc, robot and project settings', async () => {
    const { deps, build, createProject, upload, lines } = fakeDeps()
    const cfg = config()
    const outcome = await runRelease(cfg, deps)

    expect(build).toHaveBeenCalledWith(expect.objectContaining({ projectDir: cfg.projectDir, typecheck: true, packNpm: true }))
    expect(build.mock.invocationCallOrder[0]).toBeLessThan(upload.mock.invocationCallOrder[0])
    expect(createProject).toHaveBeenCalledWith({
      appid: APPID,
      type: 'miniProgram',
      projectPath: cfg.projectDir,
      privateKey: KEY,
      ignores: ['node_modules/**/*'],
    })
    expect(upload).toHaveBeenCalledTimes(1)
    const sent = upload.mock.calls[0][0]
    expect(sent).toMatchObject({ project: PROJECT, version: '1.4.2', desc: 'abc1234 Add the live room', robot: 1, setting: { useProjectConfig: true } })
    expect(sent.onProgressUpdate).toEqual(expect.any(Function))
    expect(outcome.sent).toBe(true)

    expect(lines).toContain('upload: [doing] compile')
    expect(lines).toContain('upload: [done] compile')
    expect(lines).toContain('upload: upload started')
    // WeChat's sizes, main package first and the total last.
    const sizes = lines.slice(lines.indexOf('upload: package sizes reported by WeChat:') + 1, -1)
    expect(sizes).toEqual(['  main package: 39.2 KiB', '  subpackage live: 1.1 KiB', '  total: 40.2 KiB'])
    expect(lines.join('\n')).not.toContain(KEY.split('\n')[1])
  })

  it('never uploads an over-budget package: the build error stops the release', async () => {
    const { deps, upload, createProject } = fakeDeps({
      build: jest.fn(async () => {
        throw new BuildError('package size over budget:\nmain package is 300.0 KiB, over its budget of 256.0 KiB')
      }),
    })
    await expect(runRelease(config(), deps)).rejects.toThrow(/over its budget/)
    expect(createProject).not.toHaveBeenCalled()
    expect(upload).not.toHaveBeenCalled()
  })

  it('passes the budgets through to the build', async () => {
    const { deps, build } = fakeDeps()
    const budgets = { main: 1, subpackages: {}, subpackageDefault: 1, total: 1 }
    await runRelease(config(), deps, budgets)
    expect(build.mock.calls[0][0].budgets).toBe(budgets)
  })

  it('reports WeChat\'s code and the likely cause, without the key', async () => {
    const keyLine = KEY.split('\n')[2]
    const { deps } = fakeDeps({
      upload: jest.fn(async () => {
        throw Object.assign(new Error(`Error: {"errCode":-10008,"errMsg":"invalid ip: 203.0.113.7 ${keyLine}"}`), { code: 20003 })
      }),
    })
    const err = await runRelease(config(), deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    const message = (err as Error).message
    expect(message).toMatch(/^upload failed \(WeChat errCode -10008, miniprogram-ci code 20003\): .*invalid ip: 203.0.113.7/)
    expect(message).toMatch(/likely cause: .*IP whitelist/)
    expect(message).not.toContain(keyLine)
  })

  it('refuses to send anything when credentials are missing outside a dry run', async () => {
    const { deps, build, upload } = fakeDeps()
    await expect(runRelease(config({ key: undefined, blockers: ['no upload key: set MP_PRIVATE_KEY'] }), deps)).rejects.toThrow(ReleaseConfigError)
    expect(build).not.toHaveBeenCalled()
    expect(upload).not.toHaveBeenCalled()
  })
})

describe('runRelease: preview', () => {
  it('sends the page, query and QR destination, creating the QR folder first', async () => {
    const { deps, preview, upload, lines } = fakeDeps()
    const cfg = config({ action: 'preview', robot: 2 })
    const dest = path.join(cfg.projectDir, 'dist/nested/preview-qrcode.jpg')
    cfg.preview = { pagePath: 'live/viewer/index', searchQuery: 'roomId=42', qrcodeFormat: 'image', qrcodeOutputDest: dest }
    preview.mockImplementationOnce(async () => {
      expect(fs.existsSync(path.dirname(dest))).toBe(true)
      return { subPackageInfo: [] }
    })
    await runRelease(cfg, deps)

    expect(upload).not.toHaveBeenCalled()
    expect(preview.mock.calls[0][0]).toMatchObject({
      project: PROJECT,
      version: '1.4.2',
      desc: 'abc1234 Add the live room',
      robot: 2,
      setting: { useProjectConfig: true },
      pagePath: 'live/viewer/index',
      searchQuery: 'roomId=42',
      qrcodeFormat: 'image',
      qrcodeOutputDest: dest,
    })
    expect(lines).toContain('preview: QR code (opens live/viewer/index?roomId=42) written to dist/nested/preview-qrcode.jpg')
  })

  it('prints the QR code in the terminal without an output file', async () => {
    const { deps, preview } = fakeDeps()
    await runRelease(config({ action: 'preview', preview: { qrcodeFormat: 'terminal' } }), deps)
    const sent = preview.mock.calls[0][0]
    expect(sent.qrcodeFormat).toBe('terminal')
    expect(sent).not.toHaveProperty('qrcodeOutputDest')
    expect(sent).not.toHaveProperty('pagePath')
  })
})

describe('runRelease: dry run', () => {
  it('builds and prints what it would send, but creates no project and sends nothing', async () => {
    const { deps, build, createProject, upload, lines } = fakeDeps()
    const outcome = await runRelease(config({ dryRun: true }), deps)
    expect(build).toHaveBeenCalled()
    expect(createProject).not.toHaveBeenCalled()
    expect(upload).not.toHaveBeenCalled()
    expect(outcome.sent).toBe(false)
    expect(lines).toEqual(
      expect.arrayContaining([
        'dry run: would call ci.upload with',
        `  appid: ${APPID}`,
        `  private key: from MP_PRIVATE_KEY (${KEY.length} characters, not shown)`,
        '  version: 1.4.2',
        '  setting: {"useProjectConfig":true}',
        'dry run: nothing was sent',
      ]),
    )
    expect(lines.join('\n')).not.toContain(KEY.split('\n')[1])
  })
})

describe('runReleaseCli', () => {
  function io() {
    const out: string[] = []
    const err: string[] = []
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } }
  }

  it('exits 0 after an upload and 1 with the refusal when a setting is wrong', async () => {
    const dir = makeProject()
    const good = fakeDeps()
    const ok = io()
    expect(await runReleaseCli('upload', dir, ['--no-typecheck'], { MP_PRIVATE_KEY: KEY, MP_ROBOT: '3' }, ok.io, good.deps, fixedCommit)).toBe(0)
    expect(good.upload.mock.calls[0][0]).toMatchObject({ robot: 3, desc: 'abc1234 Add the live room' })
    expect(good.build.mock.calls[0][0].typecheck).toBe(false)

    const bad = fakeDeps()
    const refused = io()
    expect(await runReleaseCli('upload', dir, [], { MP_PRIVATE_KEY: KEY, MP_ROBOT: '31' }, refused.io, bad.deps, fixedCommit)).toBe(1)
    expect(refused.err).toEqual([expect.stringMatching(/^upload refused: MP_ROBOT "31" is not a robot number/)])
    expect(bad.build).not.toHaveBeenCalled()
  })

  it('exits 1 and says the build failed when a budget is broken', async () => {
    const { deps, upload } = fakeDeps({ build: jest.fn(async () => { throw new BuildError('package size over budget') }) })
    const out = io()
    expect(await runReleaseCli('preview', makeProject(), [], { MP_PRIVATE_KEY: KEY }, out.io, deps, fixedCommit)).toBe(1)
    expect(out.err).toEqual(['preview refused, the build failed: package size over budget'])
    expect(upload).not.toHaveBeenCalled()
  })
})
