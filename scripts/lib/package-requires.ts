/**
 * Finds `require` calls in the compiled package that point at no file in it. WeChat's compiler
 * leaves out files that it does not see used (ignoreUploadUnusedFiles) and does not follow every
 * way a module can be named (a folder import such as `services/zego` is one), so a package can
 * compile and still fail on the phone with "module is not defined". Checked on our own code; npm
 * packages were packed by miniprogram-ci and are taken as they are.
 */
import path from 'node:path'

export interface UnresolvedRequire {
  file: string
  specifier: string
}

const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g

function candidates(base: string): string[] {
  return [base, `${base}.js`, `${base}/index.js`]
}

/** WeChat's resolution: relative to the file, or a miniprogram_npm folder of the file's folder or an ancestor's. */
function resolves(file: string, specifier: string, present: Set<string>): boolean {
  const dir = path.posix.dirname(file)
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    return candidates(path.posix.normalize(path.posix.join(dir, specifier))).some((c) => present.has(c))
  }
  if (specifier.startsWith('/')) return candidates(specifier.slice(1)).some((c) => present.has(c))
  for (let at = dir; ; at = path.posix.dirname(at)) {
    const base = at === '.' ? `miniprogram_npm/${specifier}` : `${at}/miniprogram_npm/${specifier}`
    if (candidates(base).some((c) => present.has(c))) return true
    if (at === '.' || at === '/') return false
  }
}

export function unresolvedRequires(files: ReadonlyMap<string, string>): UnresolvedRequire[] {
  const present = new Set(files.keys())
  const missing: UnresolvedRequire[] = []
  for (const [file, source] of files) {
    if (!file.endsWith('.js') || file.split('/').includes('miniprogram_npm')) continue
    for (const match of source.matchAll(REQUIRE)) {
      const specifier = match[1] ?? ''
      if (!resolves(file, specifier, present)) missing.push({ file, specifier })
    }
  }
  return missing
}
