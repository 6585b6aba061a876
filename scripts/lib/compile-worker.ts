/**
 * Runs WeChat's compiler (miniprogram-ci) in a process of its own: miniprogram-ci keeps a compiler
 * worker alive after it finishes and logs freely, so the build talks to it through IPC and lets
 * the process end, leaving the caller (CLI or test runner) with no stray handles.
 */
import * as ci from 'miniprogram-ci'
import { unresolvedRequires, type UnresolvedRequire } from './package-requires'

export interface CompileRequest {
  projectDir: string
  appid: string
  zipPath: string
}

export type CompileReply =
  | { ok: true; files: Array<[string, number]>; unresolved: UnresolvedRequire[] }
  | { ok: false; error: { message: string; path?: string; code?: number } }

/** The Project constructor insists on a key even though compiling offline never signs anything. */
const OFFLINE_PRIVATE_KEY = 'offline-build-has-no-key'

async function compile(request: CompileRequest): Promise<CompileReply> {
  const project = new ci.Project({
    appid: request.appid,
    type: 'miniProgram',
    projectPath: request.projectDir,
    privateKey: OFFLINE_PRIVATE_KEY,
    ignores: ['node_modules/**/*'],
  })
  // attr() would ask WeChat for the account's attributes with the upload key; the defaults are what CI uses.
  project.attr = async () => ci.DefaultProjectAttr
  try {
    const files = await ci.getCompiledResult({ project, version: '0.0.0', setting: { useProjectConfig: true } }, request.zipPath)
    const sizes: Array<[string, number]> = Object.entries(files).map(([name, content]) => [
      name,
      typeof content === 'string' ? Buffer.byteLength(content) : content.length,
    ])
    const sources = new Map(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? content : content.toString('utf8')]))
    return { ok: true, files: sizes, unresolved: unresolvedRequires(sources) }
  } catch (err) {
    const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as {
      message?: string
      msg?: string
      path?: string
      code?: number
    }
    return { ok: false, error: { message: e.message ?? e.msg ?? JSON.stringify(err), path: e.path, code: e.code } }
  }
}

if (require.main === module && process.send) {
  const request = JSON.parse(process.argv[2] ?? '{}') as CompileRequest
  compile(request).then((reply) => process.send?.(reply, () => process.exit(0)))
}
