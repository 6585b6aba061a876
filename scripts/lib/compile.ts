import fs from 'node:fs'
import path from 'node:path'
import { BuildError } from './build-error'
import { AppJson, packageOf, subpackagesOf } from './app-json'
import type { PackageSizes } from './budgets'
import { compileCacheEnabled, compileKey, defaultCacheDir, onceForKey, readCompile, storeCompile } from './compile-cache'
import type { CompileReply, CompileRequest } from './compile-worker'
import { runWorker } from './worker-process'

export interface CompileOptions {
  /** Where compiles of unchanged sources are reused from (compile-cache.ts); null: always compile. */
  cacheDir?: string | null
  log?: (line: string) => void
}

/**
 * Compiles the project exactly as an upload would (WeChat's own compiler inside miniprogram-ci),
 * without any network, in a worker process, or reuses the compile of byte-identical inputs. Writes
 * the zip and returns the compiled sizes; `cached` says which it was.
 */
export async function compileOffline(
  projectDir: string,
  miniprogramRoot: string,
  appid: string,
  app: AppJson,
  zipPath: string,
  options: CompileOptions = {},
): Promise<{ sizes: PackageSizes; files: string[]; cached: boolean }> {
  fs.mkdirSync(path.dirname(zipPath), { recursive: true })
  const cacheDir = options.cacheDir === undefined ? (compileCacheEnabled() ? defaultCacheDir() : null) : options.cacheDir
  const key = cacheDir === null ? null : compileKey(projectDir, miniprogramRoot, appid)
  const log = options.log ?? (() => undefined)
  if (cacheDir === null || key === null) {
    log('compiling with WeChat\'s compiler (offline)')
    return { ...(await compileNow(projectDir, appid, app, zipPath, null)), cached: false }
  }
  let compiledHere = false
  const result = await onceForKey(
    cacheDir,
    key,
    () => {
      const hit = readCompile(cacheDir, key, zipPath)
      return hit === undefined ? undefined : compiled(hit.files, app)
    },
    async () => {
      compiledHere = true
      log('compiling with WeChat\'s compiler (offline)')
      return compileNow(projectDir, appid, app, zipPath, { cacheDir, key })
    },
  )
  return { ...result, cached: !compiledHere }
}

async function compileNow(projectDir: string, appid: string, app: AppJson, zipPath: string, store: { cacheDir: string; key: string } | null): Promise<{ sizes: PackageSizes; files: string[] }> {
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
  if (store !== null) storeCompile(store.cacheDir, store.key, zipPath, { files: reply.files })
  return compiled(reply.files, app)
}

function compiled(files: Array<[string, number]>, app: AppJson): { sizes: PackageSizes; files: string[] } {
  return { sizes: measure(files, app), files: files.map(([name]) => name) }
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
