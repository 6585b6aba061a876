import path from 'node:path'
import { formatBytes } from '../budgets'
import type { SubPackageInfo, TaskStatus } from './ci-types'
import type { ReleaseConfig } from './config'

/** WeChat's names for the whole upload and the main package in subPackageInfo. */
const PACKAGE_NAMES: Record<string, string> = { __FULL__: 'total', __APP__: 'main package' }

/** One line per package, as WeChat measured it after upload. */
export function formatSubPackageInfo(info: SubPackageInfo | undefined): string[] {
  if (!info || info.length === 0) return ['WeChat returned no package sizes']
  const named = info.map((p) => ({ label: PACKAGE_NAMES[p.name] ?? `subpackage ${p.name}`, size: p.size, full: p.name === '__FULL__' }))
  // The total last, after the packages it adds up.
  named.sort((a, b) => Number(a.full) - Number(b.full))
  return named.map((p) => `${p.label}: ${formatBytes(p.size)}`)
}

export function formatProgress(task: TaskStatus | string): string {
  if (typeof task === 'string') return task
  return `[${task.status}] ${task.message}`
}

/** What a dry run would send, without the key's content. */
export function describeRequest(config: ReleaseConfig): string[] {
  const lines = [
    `appid: ${config.appid || '(none)'}`,
    `private key: ${config.key ? `from ${config.key.source} (${config.key.content.length} characters, not shown)` : '(none)'}`,
    `robot: ${config.robot}`,
    `version: ${config.version}`,
    `desc: ${config.desc}`,
    'setting: {"useProjectConfig":true}',
  ]
  if (config.preview) {
    lines.push(`pagePath: ${config.preview.pagePath ?? '(app entry page)'}`)
    lines.push(`searchQuery: ${config.preview.searchQuery ?? '(none)'}`)
    lines.push(`qrcode: ${config.preview.qrcodeFormat === 'terminal' ? 'printed in the terminal' : path.relative(config.projectDir, config.preview.qrcodeOutputDest ?? '')}`)
  }
  return lines
}
