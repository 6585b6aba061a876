import { buildMiniprogram } from '../../scripts/lib/build'
import { BuildError } from '../../scripts/lib/build-error'
import type { CiProject, PreviewOptions, UploadOptions } from '../../scripts/lib/release/ci-types'
import type { ReleaseConfig } from '../../scripts/lib/release/config'
import { runRelease } from '../../scripts/lib/release/run'
import type { ReleaseDeps } from '../../scripts/lib/release/run'
import { makeFixture } from '../build/fixture'
import { APPID, makePrivateKey } from './helpers/release-fixture'

// The one suite that runs WeChat's real offline compiler; everything networked stays fake.
jest.setTimeout(120_000)

const KEY = makePrivateKey()
let projectDir: string

beforeAll(async () => {
  projectDir = await makeFixture()
})

function deps() {
  const upload = jest.fn(async (_options: UploadOptions) => ({}))
  const preview = jest.fn(async (_options: PreviewOptions) => ({}))
  const createProject = jest.fn(() => ({}) as CiProject)
  const value: ReleaseDeps = { build: buildMiniprogram, createProject, upload, preview, log: () => undefined }
  return { value, upload, createProject }
}

function config(): ReleaseConfig {
  return {
    action: 'upload',
    projectDir,
    appid: APPID,
    key: { content: KEY, source: 'MP_PRIVATE_KEY' },
    robot: 1,
    version: '1.0.0',
    desc: 'test',
    dryRun: false,
    // The fixture is packed already, and tsc is the typecheck script's job.
    typecheck: false,
    packNpm: false,
    blockers: [],
  }
}

it('refuses to upload when the real build breaks a budget', async () => {
  const { value, upload, createProject } = deps()
  const tiny = { main: 1024, subpackages: {}, subpackageDefault: 256 * 1024, total: 2 * 1024 * 1024 }
  const err = await runRelease(config(), value, tiny).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(BuildError)
  expect((err as Error).message).toMatch(/main package is .* over its budget of 1.0 KiB/)
  expect(createProject).not.toHaveBeenCalled()
  expect(upload).not.toHaveBeenCalled()
})
