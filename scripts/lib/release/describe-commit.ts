import { execFileSync } from 'node:child_process'
import { ReleaseConfigError } from './errors'

/** `<short hash> <subject>` of HEAD, the upload's description so the 版本管理 list says what was shipped. */
export function describeCommit(cwd: string): string {
  let out: string
  try {
    out = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (err) {
    const why = ((err as { stderr?: string }).stderr ?? (err as Error).message).trim()
    throw new ReleaseConfigError(`cannot describe the last commit with git (${why}): set MP_DESC to the upload's description`)
  }
  const desc = out.trim()
  if (!desc) throw new ReleaseConfigError('git log printed no commit: set MP_DESC to the upload\'s description')
  return desc
}
