import { BuildError } from '../build-error'
import { readReleaseConfig } from './config'
import type { ReleaseAction, ConfigSources } from './config'
import { ReleaseConfigError, ReleaseError } from './errors'
import { realDeps, runRelease } from './run'
import type { ReleaseDeps } from './run'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
}

/** Runs `npm run upload|preview` and returns the exit code; the entry points only add process.exit. */
export async function runReleaseCli(
  action: ReleaseAction,
  projectDir: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) },
  deps: ReleaseDeps = realDeps(io.out),
  describeCommit?: ConfigSources['describeCommit'],
): Promise<number> {
  try {
    const config = readReleaseConfig({ action, projectDir, argv, env, describeCommit })
    await runRelease(config, deps)
    return 0
  } catch (err) {
    if (err instanceof ReleaseConfigError) io.err(`${action} refused: ${err.message}`)
    else if (err instanceof BuildError) io.err(`${action} refused, the build failed: ${err.message}`)
    else if (err instanceof ReleaseError) io.err(err.message)
    else io.err(`${action} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    return 1
  }
}
