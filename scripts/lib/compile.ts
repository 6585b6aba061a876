import fs from 'node:fs'
import path from 'node:path'
import { BuildError } from './build-error'
import { AppJson, packageOf, subpackagesOf } from './app-json'
import type { PackageSizes } from './budgets'
import type { CompileReply, CompileRequest } from './compile-worker'
import { runWorker } from './worker-process'

/**
 * Compiles the project exactly as an upload would (WeChat's own compiler inside miniprogram-ci),
 * without any network, in a worker process. Writes the zip and returns the compiled sizes.
 */
export async function compileOffline(
  projectDir: string,
  appid: string,
  app: AppJson,
  zipPath: string,
): Promise<{ sizes: PackageSizes; files: string[] }> {
  fs.mkdirSync(path.dirname(zipPath), { recursive: true })
  const request: CompileRequest = { projectDir, appid, zipPath }
  const { reply, output } = await runWorker<CompileReply>(path.join(__dirname, 'compile-worker.ts'), request)
  if (!reply) throw new BuildError(`WeChat's compiler stopped without an answer:\n${output.trim()}`)
  if (!reply.ok) {
    const { message, path: file, code } = reply.error
    // The compiler names the offending file in `path` (e.g. a WXML syntax error); put it first.
    const where = file ? `${file}: ` : ''
    throw new BuildError(`WeChat's compiler rejected the project: ${where}${message}${code === undefined ? '' : ` (code ${code})`}`)
  }
  if (reply.unresolved.length > 0) {
    const lines = reply.unresolved.map(({ file, specifier }) => `${file} requires "${specifier}", which is not in the compiled package`)
    throw new BuildError(
      `the compiled package would fail on a phone:\n${lines.join('\n')}\n(WeChat's compiler leaves out files it does not see used: import a module's file, e.g. "services/zego/index", not its folder)`,
    )
  }
  return { sizes: measure(reply.files, app), files: reply.files.map(([name]) => name) }
}

/** Compiled bytes per package, counted the way WeChat counts them: every file that would be uploaded. */
export function measure(files: Array<[string, number]>, app: AppJson): PackageSizes {
  const sizes: PackageSizes = { main: 0, subpackages: {}, total: 0, files: 0 }
  for (const sub of subpackagesOf(app)) sizes.subpackages[sub.root.replace(/\/+$/, '')] = 0
  for (const [name, bytes] of files) {
    const pkg = packageOf(app, name)
    if (pkg === 'main') sizes.main += bytes
    else sizes.subpackages[pkg] += bytes
    sizes.total += bytes
    sizes.files += 1
  }
  return sizes
}
