import fs from 'node:fs'
import path from 'node:path'
import * as ci from 'miniprogram-ci'
import { buildMiniprogram } from '../build'
import type { BuildOptions, BuildResult } from '../build'
import { formatBytes } from '../budgets'
import type { SizeBudgets } from '../budgets'
import type { CiProject, CreateProjectOptions, PreviewOptions, PreviewResult, UploadOptions, UploadResult } from './ci-types'
import type { ReleaseConfig } from './config'
import { explainWechatError, formatWechatFailure, ReleaseConfigError, ReleaseError } from './errors'
import { describeRequest, formatProgress, formatSubPackageInfo } from './report'

/** The boundaries a release crosses: the offline build and miniprogram-ci's networked calls. */
export interface ReleaseDeps {
  build: (options: BuildOptions) => Promise<BuildResult>
  createProject: (options: CreateProjectOptions) => CiProject
  upload: (options: UploadOptions) => Promise<UploadResult>
  preview: (options: PreviewOptions) => Promise<PreviewResult>
  log: (line: string) => void
}

export const realDeps = (log: (line: string) => void): ReleaseDeps => ({
  build: buildMiniprogram,
  createProject: (options) => new ci.Project(options),
  upload: (options) => ci.upload(options),
  preview: (options) => ci.preview(options),
  log,
})

export interface ReleaseOutcome {
  /** What was sent, or would have been in a dry run (without project and callbacks). */
  sent: boolean
  build: BuildResult
  subPackageInfo?: UploadResult['subPackageInfo']
}

/** Keeps the key out of anything printed, whatever WeChat or miniprogram-ci echo back. */
function redact(text: string, key: string | undefined): string {
  if (!key) return text
  const body = key.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
  let out = text.split(key).join('[private key]')
  for (const line of key.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'))) out = out.split(line).join('[private key]')
  return body ? out.split(body).join('[private key]') : out
}

/**
 * Builds (type-check, npm, offline compile, size budgets: a BuildError stops here, so an
 * over-budget package is never sent), then uploads or previews with miniprogram-ci.
 */
export async function runRelease(config: ReleaseConfig, deps: ReleaseDeps, budgets?: SizeBudgets): Promise<ReleaseOutcome> {
  const { log } = deps
  if (!config.dryRun && (config.blockers.length || !config.key)) {
    throw new ReleaseConfigError(config.blockers.join('\n') || 'no upload key')
  }

  const build = await deps.build({
    projectDir: config.projectDir,
    typecheck: config.typecheck,
    packNpm: config.packNpm,
    budgets,
    log: (line) => log(`build: ${line}`),
  })
  const { sizes } = build
  const subs = Object.entries(sizes.subpackages).map(([root, size]) => `${root} ${formatBytes(size)}`)
  log(`build: within budgets: main ${formatBytes(sizes.main)}${subs.length ? `, ${subs.join(', ')}` : ''}, total ${formatBytes(sizes.total)}`)

  if (config.dryRun) {
    log(`dry run: would call ci.${config.action} with`)
    for (const line of describeRequest(config)) log(`  ${line}`)
    if (config.blockers.length) {
      log(`dry run: a real ${config.action} would be refused until this is fixed:`)
      for (const problem of config.blockers) log(`  - ${problem}`)
    }
    log('dry run: nothing was sent')
    return { sent: false, build }
  }

  const privateKey = config.key!.content
  const project = deps.createProject({
    appid: config.appid,
    type: 'miniProgram',
    projectPath: config.projectDir,
    // Key content, not a path: nothing is written to disk.
    privateKey,
    ignores: ['node_modules/**/*'],
  })
  let lastProgress = ''
  const common = {
    project,
    version: config.version,
    desc: config.desc,
    robot: config.robot,
    setting: { useProjectConfig: true },
    onProgressUpdate: (task: Parameters<NonNullable<UploadOptions['onProgressUpdate']>>[0]) => {
      const line = formatProgress(task)
      if (line !== lastProgress) log(`${config.action}: ${redact(line, privateKey)}`)
      lastProgress = line
    },
  }

  let result: UploadResult | PreviewResult
  try {
    if (config.action === 'upload') {
      result = await deps.upload(common)
    } else {
      const target = config.preview!
      // miniprogram-ci writes the image but does not create its folder.
      if (target.qrcodeOutputDest) fs.mkdirSync(path.dirname(target.qrcodeOutputDest), { recursive: true })
      result = await deps.preview({
        ...common,
        qrcodeFormat: target.qrcodeFormat,
        ...(target.qrcodeOutputDest ? { qrcodeOutputDest: target.qrcodeOutputDest } : {}),
        ...(target.pagePath ? { pagePath: target.pagePath } : {}),
        ...(target.searchQuery ? { searchQuery: target.searchQuery } : {}),
      })
    }
  } catch (err) {
    const failure = explainWechatError(err)
    failure.detail = redact(failure.detail, privateKey)
    throw new ReleaseError(formatWechatFailure(config.action, failure), failure)
  }

  log(`${config.action}: package sizes reported by WeChat:`)
  for (const line of formatSubPackageInfo(result.subPackageInfo)) log(`  ${line}`)
  if (config.action === 'upload') {
    log(`upload: version ${config.version} is robot ${config.robot}'s 开发版 in 微信公众平台 → 管理 → 版本管理`)
  } else if (config.preview?.qrcodeOutputDest) {
    const opens = config.preview.pagePath ? `${config.preview.pagePath}${config.preview.searchQuery ? `?${config.preview.searchQuery}` : ''}` : 'the entry page'
    log(`preview: QR code (opens ${opens}) written to ${path.relative(config.projectDir, config.preview.qrcodeOutputDest)}`)
  }
  return { sent: true, build, subPackageInfo: result.subPackageInfo }
}
