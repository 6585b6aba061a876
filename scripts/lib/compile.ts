import fs from 'node:fs'
import path from 'node:path'
import * as ci from 'miniprogram-ci'
import { BuildError } from './build-error'
import { AppJson, packageOf } from './app-json'
import { PackageSizes } from './budgets'

/** A placeholder key: the Project constructor insists on one even though offline compiling never signs. */
const OFFLINE_PRIVATE_KEY = 'offline-build-has-no-key'

export interface CompileResult {
  files: Record<string, string | Buffer>
  sizes: PackageSizes
}

/**
 * Compiles the project exactly as an upload would (WeChat's own compiler inside miniprogram-ci),
 * without any network: the Project's attributes are the CI defaults instead of the ones an upload
 * key would fetch from WeChat.
 */
export async function compileOffline(projectDir: string, appid: string, app: AppJson, zipPath: string): Promise<CompileResult> {
  const project = new ci.Project({
    appid,
    type: 'miniProgram',
    projectPath: projectDir,
    privateKey: OFFLINE_PRIVATE_KEY,
    ignores: ['node_modules/**/*'],
  })
  // attr() would ask WeChat for the account's attributes with the upload key; the defaults are what CI uses.
  project.attr = async () => ci.DefaultProjectAttr
  fs.mkdirSync(path.dirname(zipPath), { recursive: true })
  let files: Record<string, string | Buffer>
  try {
    files = await ci.getCompiledResult({ project, version: '0.0.0', setting: { useProjectConfig: true } }, zipPath)
  } catch (err) {
    throw new BuildError(`WeChat's compiler rejected the project: ${describeCompileError(err)}`)
  }
  return { files, sizes: measure(files, app) }
}

function describeCompileError(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'object' && err !== null) {
    const e = err as { message?: string; msg?: string; path?: string; file?: string }
    const where = e.path ?? e.file
    const what = e.message ?? e.msg ?? JSON.stringify(err)
    return where ? `${where}: ${what}` : what
  }
  return String(err)
}

/** Compiled bytes per package, counted the way WeChat counts them: every file that would be uploaded. */
export function measure(files: Record<string, string | Buffer>, app: AppJson): PackageSizes {
  const sizes: PackageSizes = { main: 0, subpackages: {}, total: 0, files: 0 }
  for (const sub of app.subpackages ?? app.subPackages ?? []) sizes.subpackages[sub.root.replace(/\/+$/, '')] = 0
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.length
    const pkg = packageOf(app, name)
    if (pkg === 'main') sizes.main += bytes
    else sizes.subpackages[pkg] += bytes
    sizes.total += bytes
    sizes.files += 1
  }
  return sizes
}
