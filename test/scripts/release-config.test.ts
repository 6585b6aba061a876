import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readReleaseConfig } from '../../scripts/lib/release/config'
import type { ReleaseAction } from '../../scripts/lib/release/config'
import { ReleaseConfigError } from '../../scripts/lib/release/errors'
import { DEMO_SHOPPER_LOGIN_CODE, ensureLocalConfig } from '../../scripts/lib/local-config'
import { APPID, fixedCommit, makePrivateKey, makeProject } from './helpers/release-fixture'

const KEY = makePrivateKey()

function read(env: NodeJS.ProcessEnv, argv: string[] = [], action: ReleaseAction = 'upload', projectDir = makeProject()) {
  return readReleaseConfig({ action, projectDir, argv, env, describeCommit: fixedCommit })
}

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ReleaseConfigError)
    return (err as Error).message
  }
  throw new Error('expected a ReleaseConfigError')
}

const ok = { MP_PRIVATE_KEY: KEY }

describe('release config: defaults and sources', () => {
  it('takes the appid from project.config.json, version from package.json, desc from the last commit', () => {
    const config = read(ok)
    expect(config).toMatchObject({ appid: APPID, version: '1.4.2', desc: 'abc1234 Add the live room', robot: 1, dryRun: false, blockers: [] })
    expect(config.key).toEqual({ content: KEY, source: 'MP_PRIVATE_KEY' })
  })

  it('lets env override appid, version (a v-prefixed tag), desc and robot', () => {
    const config = read({ ...ok, MP_APPID: 'wxfedcba9876543210', MP_VERSION: 'v2.0.0-rc.1', MP_DESC: 'hotfix', MP_ROBOT: '7' })
    expect(config).toMatchObject({ appid: 'wxfedcba9876543210', version: '2.0.0-rc.1', desc: 'hotfix', robot: 7 })
  })

  it('uses robot 2 for previews by default and --robot over MP_ROBOT', () => {
    expect(read(ok, [], 'preview').robot).toBe(2)
    expect(read({ ...ok, MP_ROBOT: '5' }, ['--robot', '9']).robot).toBe(9)
  })

  it('reads the key from MP_PRIVATE_KEY_PATH', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'key-')), 'private.key')
    fs.writeFileSync(file, KEY)
    expect(read({ MP_PRIVATE_KEY_PATH: file }).key).toEqual({ content: KEY, source: `MP_PRIVATE_KEY_PATH=${file}` })
  })

  it('accepts a key secret whose newlines arrived as \\n or CRLF', () => {
    expect(read({ MP_PRIVATE_KEY: KEY.trim().replace(/\n/g, '\\n') }).key?.content).toBe(KEY)
    expect(read({ MP_PRIVATE_KEY: KEY.replace(/\n/g, '\r\n') }).key?.content).toBe(KEY)
  })

  it('reads the preview page, query and QR destination from flags, else env', () => {
    const dir = makeProject()
    const fromFlags = read(ok, ['--page', 'live/viewer/index', '--query', '?roomId=42', '--qrcode', 'out/qr.jpg'], 'preview', dir)
    expect(fromFlags.preview).toEqual({
      pagePath: 'live/viewer/index',
      searchQuery: 'roomId=42',
      qrcodeFormat: 'image',
      qrcodeOutputDest: path.join(dir, 'out/qr.jpg'),
    })
    const fromEnv = read({ ...ok, MP_PREVIEW_PAGE: 'pages/goods/index', MP_PREVIEW_QUERY: 'id=1&from=qr' }, ['--qrcode', 'terminal'], 'preview')
    expect(fromEnv.preview).toEqual({ pagePath: 'pages/goods/index', searchQuery: 'id=1&from=qr', qrcodeFormat: 'terminal' })
  })

  it('writes the preview QR code to dist/preview-qrcode.jpg by default', () => {
    const dir = makeProject()
    expect(read(ok, [], 'preview', dir).preview?.qrcodeOutputDest).toBe(path.join(dir, 'dist/preview-qrcode.jpg'))
  })
})

describe('release config: every refusal says what to set', () => {
  it('refuses a missing key', () => {
    expect(refusal(() => read({}))).toMatch(/no upload key: .*小程序代码上传.*MP_PRIVATE_KEY.*MP_PRIVATE_KEY_PATH/)
  })

  it('refuses key content that is not a PEM private key', () => {
    expect(refusal(() => read({ MP_PRIVATE_KEY: 'abc123' }))).toMatch(/MP_PRIVATE_KEY does not look like a PEM private key.*BEGIN RSA PRIVATE KEY/)
    const publicOnly = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQ==\n-----END PUBLIC KEY-----\n'
    expect(refusal(() => read({ MP_PRIVATE_KEY: publicOnly }))).toMatch(/does not look like a PEM private key/)
  })

  it('refuses PEM markers around something that is not a key', () => {
    const fake = '-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n'
    expect(refusal(() => read({ MP_PRIVATE_KEY: fake }))).toMatch(/MP_PRIVATE_KEY has PEM markers but is not a readable private key/)
  })

  it('refuses a key path that does not exist, and both key settings at once', () => {
    expect(refusal(() => read({ MP_PRIVATE_KEY_PATH: '/nowhere/private.key' }))).toMatch(/MP_PRIVATE_KEY_PATH=\/nowhere\/private.key: no such readable file/)
    expect(refusal(() => read({ ...ok, MP_PRIVATE_KEY_PATH: '/x.key' }))).toMatch(/both MP_PRIVATE_KEY and MP_PRIVATE_KEY_PATH are set/)
  })

  it('refuses the touristappid placeholder for a real upload', () => {
    const dir = makeProject({ appid: 'touristappid' })
    expect(refusal(() => read(ok, [], 'upload', dir))).toMatch(/project.config.json "appid" is the placeholder "touristappid".*set MP_APPID/)
  })

  it('refuses a package whose local config holds npm start\'s dev sign-in code, and lists it in a dry run', () => {
    const dir = makeProject()
    ensureLocalConfig(dir, {}, { serverUrl: 'http://192.168.1.5:3000', devLoginCode: DEMO_SHOPPER_LOGIN_CODE })
    expect(refusal(() => read(ok, [], 'upload', dir))).toMatch(/config-local\.ts holds devLoginCode.*must sign in with wx\.login/)
    expect(refusal(() => read(ok, [], 'preview', dir))).toMatch(/holds devLoginCode/)
    expect(read(ok, ['--dry-run'], 'upload', dir).blockers).toEqual([expect.stringMatching(/holds devLoginCode/)])
    // Rewritten from MP_* variables (as a release build does) the file has no dev sign-in code.
    ensureLocalConfig(dir, { MP_SERVER_URL: 'https://api.example.com' })
    expect(read(ok, [], 'upload', dir).blockers).toEqual([])
  })

  it('refuses a malformed appid', () => {
    expect(refusal(() => read({ ...ok, MP_APPID: 'wx123' }))).toMatch(/MP_APPID "wx123" is not an appid \(it must match \/\^wx\[0-9a-f\]\{16\}\$\/\): set MP_APPID/)
    expect(refusal(() => read({ ...ok, MP_APPID: 'WX0123456789ABCDEF' }))).toMatch(/is not an appid/)
  })

  it.each(['0', '31', '1.5', 'two', '-1'])('refuses robot %s', (robot) => {
    expect(refusal(() => read({ ...ok, MP_ROBOT: robot }))).toMatch(new RegExp(`MP_ROBOT "${robot.replace('.', '\\.')}" is not a robot number: set an integer from 1 to 30`))
  })

  it('refuses a version that is not semver or is over 64 characters', () => {
    expect(refusal(() => read({ ...ok, MP_VERSION: '1.2' }))).toMatch(/MP_VERSION "1.2" is not a semver version like 1.2.3: set "version" in package.json or MP_VERSION/)
    const dir = makeProject({ version: 'latest' })
    expect(refusal(() => read(ok, [], 'upload', dir))).toMatch(/package.json "version" "latest" is not a semver version/)
    const long = `1.0.0-${'a'.repeat(60)}`
    expect(refusal(() => read({ ...ok, MP_VERSION: long }))).toMatch(/is 66 characters; WeChat accepts at most 64/)
  })

  it('refuses a preview page that app.json does not have, naming the pages it does', () => {
    const msg = refusal(() => read(ok, ['--page', 'live/room/index'], 'preview'))
    expect(msg).toMatch(/preview page "live\/room\/index" is not a page of app.json/)
    expect(msg).toContain('live/viewer/index')
  })

  it('refuses a malformed query, and a query without a page', () => {
    expect(refusal(() => read(ok, ['--page', 'live/viewer/index', '--query', 'roomId'], 'preview'))).toMatch(/must look like key=value/)
    expect(refusal(() => read(ok, ['--query', 'roomId=42'], 'preview'))).toMatch(/a preview query needs a page/)
  })

  it('refuses unknown flags, and preview flags on upload', () => {
    expect(refusal(() => read(ok, ['--force']))).toMatch(/--force.*npm run upload accepts --dry-run, --robot N/)
    expect(refusal(() => read(ok, ['--page', 'pages/goods/index']))).toMatch(/--page/)
  })

  it('asks for MP_DESC when git cannot describe the commit', () => {
    const notARepo = makeProject()
    const msg = refusal(() => readReleaseConfig({ action: 'upload', projectDir: notARepo, argv: [], env: ok }))
    expect(msg).toMatch(/set MP_DESC/)
  })
})

describe('release config: dry run', () => {
  it('lists missing credentials as blockers instead of refusing', () => {
    const dir = makeProject({ appid: 'touristappid' })
    const config = read({}, ['--dry-run'], 'upload', dir)
    expect(config.dryRun).toBe(true)
    expect(config.key).toBeUndefined()
    expect(config.blockers).toEqual([expect.stringMatching(/placeholder "touristappid"/), expect.stringMatching(/no upload key/)])
  })

  it('still refuses a malformed robot or version', () => {
    expect(refusal(() => read({ MP_ROBOT: '99' }, ['--dry-run']))).toMatch(/robot number/)
    expect(refusal(() => read({ MP_VERSION: 'x' }, ['--dry-run']))).toMatch(/semver/)
  })
})
