import path from 'node:path'
import { parseArgs } from 'node:util'
import { AppJson, readJsonFile, subpackagesOf } from '../app-json'
import { miniprogramRootOf, readProjectConfig } from '../build'
import { describeCommit as gitDescribeCommit } from './describe-commit'
import { ReleaseConfigError } from './errors'
import { loadPrivateKey, LoadedKey } from './private-key'
import { LOCAL_CONFIG_FILE, localConfigHasDevLogin } from '../local-config'

export type ReleaseAction = 'upload' | 'preview'

export interface PreviewTarget {
  /** Page the QR code opens, e.g. `live/viewer/index`; the app's first page when absent. */
  pagePath?: string
  /** Query for that page without `?`, e.g. `roomId=42`. */
  searchQuery?: string
  qrcodeFormat: 'image' | 'terminal'
  /** Absolute path of the QR image; only for the `image` format. */
  qrcodeOutputDest?: string
}

export interface ReleaseConfig {
  action: ReleaseAction
  projectDir: string
  appid: string
  /** Absent only in a dry run, which then lists `blockers`. */
  key?: LoadedKey
  robot: number
  version: string
  desc: string
  dryRun: boolean
  typecheck: boolean
  packNpm: boolean
  preview?: PreviewTarget
  /** Credential problems a real run refuses; a dry run prints them instead. */
  blockers: string[]
}

export const PLACEHOLDER_APPID = 'touristappid'
const APPID = /^wx[0-9a-f]{16}$/
/** 1 uploads the 体验版 candidate from tags, 2 previews pull requests (see docs/release.md). */
export const DEFAULT_ROBOT: Record<ReleaseAction, number> = { upload: 1, preview: 2 }
/** WeChat documents user_version as at most 64 characters (third-party platform commit API). */
export const MAX_VERSION_LENGTH = 64
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/
export const DEFAULT_QRCODE = 'dist/preview-qrcode.jpg'

export interface ConfigSources {
  action: ReleaseAction
  projectDir: string
  argv: string[]
  env: NodeJS.ProcessEnv
  /** Injected so tests do not depend on the repository's HEAD. */
  describeCommit?: (cwd: string) => string
}

function parseCliArgs(action: ReleaseAction, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'no-typecheck': { type: 'boolean', default: false },
        'no-pack-npm': { type: 'boolean', default: false },
        robot: { type: 'string' },
        ...(action === 'preview'
          ? { page: { type: 'string' as const }, query: { type: 'string' as const }, qrcode: { type: 'string' as const } }
          : {}),
      },
    }).values as {
      'dry-run': boolean
      'no-typecheck': boolean
      'no-pack-npm': boolean
      robot?: string
      page?: string
      query?: string
      qrcode?: string
    }
  } catch (err) {
    const flags = action === 'preview' ? '--dry-run, --robot N, --page P, --query Q, --qrcode FILE|terminal' : '--dry-run, --robot N'
    throw new ReleaseConfigError(`${(err as Error).message}; npm run ${action} accepts ${flags}, --no-typecheck, --no-pack-npm`)
  }
}

function appidOf(env: NodeJS.ProcessEnv, projectDir: string): { appid: string; problem?: string } {
  const fromEnv = env.MP_APPID?.trim()
  const appid = fromEnv || readProjectConfig(projectDir).appid?.trim() || ''
  const source = fromEnv ? 'MP_APPID' : 'project.config.json "appid"'
  const help = 'set MP_APPID to the mini-program\'s appid (微信公众平台 → 管理 → 开发管理 → 开发设置 → AppID)'
  if (!appid) return { appid, problem: `no appid: ${help}` }
  if (appid === PLACEHOLDER_APPID) {
    return { appid, problem: `${source} is the placeholder "${PLACEHOLDER_APPID}", which WeChat does not accept for uploads: ${help}` }
  }
  if (!APPID.test(appid)) return { appid, problem: `${source} "${appid}" is not an appid (it must match /^wx[0-9a-f]{16}$/): ${help}` }
  return { appid }
}

function robotOf(action: ReleaseAction, flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const raw = flag ?? env.MP_ROBOT?.trim()
  if (raw === undefined || raw === '') return DEFAULT_ROBOT[action]
  const source = flag !== undefined ? '--robot' : 'MP_ROBOT'
  const robot = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isInteger(robot) || robot < 1 || robot > 30) {
    throw new ReleaseConfigError(`${source} "${raw}" is not a robot number: set an integer from 1 to 30, one per pipeline (docs/release.md)`)
  }
  return robot
}

function versionOf(env: NodeJS.ProcessEnv, projectDir: string): string {
  const fromEnv = env.MP_VERSION?.trim()
  // A tag such as v1.2.3 names version 1.2.3, so CI can pass the tag name straight through.
  const version = fromEnv ? fromEnv.replace(/^v(?=\d)/, '') : readJsonFile<{ version?: string }>(path.join(projectDir, 'package.json'), 'package.json').version ?? ''
  const source = fromEnv ? 'MP_VERSION' : 'package.json "version"'
  const help = 'set "version" in package.json or MP_VERSION'
  if (!version) throw new ReleaseConfigError(`no version: ${help}`)
  if (version.length > MAX_VERSION_LENGTH) {
    throw new ReleaseConfigError(`${source} "${version}" is ${version.length} characters; WeChat accepts at most ${MAX_VERSION_LENGTH}: ${help}`)
  }
  if (!SEMVER.test(version)) throw new ReleaseConfigError(`${source} "${version}" is not a semver version like 1.2.3: ${help}`)
  return version
}

function appPages(projectDir: string): string[] {
  const app = readJsonFile<AppJson>(path.join(miniprogramRootOf(projectDir), 'app.json'), 'app.json')
  const sub = subpackagesOf(app).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/+$/, '')}/${p}`))
  return [...app.pages, ...sub]
}

function previewOf(
  flags: { page?: string; query?: string; qrcode?: string },
  env: NodeJS.ProcessEnv,
  projectDir: string,
): PreviewTarget {
  const page = (flags.page ?? env.MP_PREVIEW_PAGE)?.trim().replace(/^\/+/, '') || undefined
  const query = (flags.query ?? env.MP_PREVIEW_QUERY)?.trim().replace(/^\?/, '') || undefined
  if (page !== undefined) {
    const pages = appPages(projectDir)
    if (!pages.includes(page)) {
      throw new ReleaseConfigError(`preview page "${page}" is not a page of app.json; set --page or MP_PREVIEW_PAGE to one of: ${pages.join(', ')}`)
    }
  }
  if (query !== undefined) {
    if (page === undefined) throw new ReleaseConfigError('a preview query needs a page: set --page or MP_PREVIEW_PAGE as well')
    if (!query.split('&').every((pair) => /^[^=&\s]+=[^&\s]*$/.test(pair))) {
      throw new ReleaseConfigError(`preview query "${query}" must look like key=value&key2=value2 (--query or MP_PREVIEW_QUERY)`)
    }
  }
  const qrcode = flags.qrcode?.trim() || DEFAULT_QRCODE
  if (qrcode === 'terminal') return { pagePath: page, searchQuery: query, qrcodeFormat: 'terminal' }
  return { pagePath: page, searchQuery: query, qrcodeFormat: 'image', qrcodeOutputDest: path.resolve(projectDir, qrcode) }
}

/**
 * Reads and validates everything an upload or preview needs from flags and env, so that a missing
 * or malformed setting fails here, before the build and before any network call.
 */
export function readReleaseConfig(sources: ConfigSources): ReleaseConfig {
  const { action, env } = sources
  const projectDir = path.resolve(sources.projectDir)
  const flags = parseCliArgs(action, sources.argv)
  const dryRun = flags['dry-run']

  const robot = robotOf(action, flags.robot, env)
  const version = versionOf(env, projectDir)
  const preview = action === 'preview' ? previewOf(flags, env, projectDir) : undefined
  const desc = env.MP_DESC?.trim() || (sources.describeCommit ?? gitDescribeCommit)(projectDir)

  const blockers: string[] = []
  const { appid, problem: appidProblem } = appidOf(env, projectDir)
  if (appidProblem) blockers.push(appidProblem)
  const keyResult = loadPrivateKey(env)
  if (keyResult.problem) blockers.push(keyResult.problem)
  if (localConfigHasDevLogin(projectDir)) {
    blockers.push(
      `${LOCAL_CONFIG_FILE} holds devLoginCode (written by npm start for the local demo): a released package must sign in with wx.login. Delete it (the next build recreates it with the project defaults) or rewrite it with MP_SERVER_URL=… npm run local-config.`,
    )
  }
  if (blockers.length && !dryRun) throw new ReleaseConfigError(blockers.join('\n'))

  return {
    action,
    projectDir,
    appid,
    key: keyResult.key,
    robot,
    version,
    desc,
    dryRun,
    typecheck: !flags['no-typecheck'],
    packNpm: !flags['no-pack-npm'],
    preview,
    blockers,
  }
}
