/**
 * Which package uses each of our TypeScript modules. WeChat counts a file in the package whose
 * folder holds it, and the two mistakes this catches cost differently:
 * - a main-package file that imports a subpackage file fails at run time, because the subpackage
 *   may not have been downloaded yet (type-only imports count too: shared types belong in main);
 * - a main-package file that only one subpackage's code uses is downloaded by every shopper at
 *   first launch, where the main package has the tightest budget, for pages most never open.
 * Works on source text (paths relative to miniprogramRoot, `/`-separated), so tests can hand it a
 * made-up tree.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { AppJson } from './app-json'
import { packageOf } from './app-json'
import { DEFAULT_BUDGETS, formatBytes } from './budgets'

export interface ModuleImport {
  /** The importing file. */
  from: string
  /** The imported file. */
  to: string
  specifier: string
}

/**
 * Every .ts source under the given folders of `root` (all of it by default) except packed npm and
 * declaration files, keyed by its `/`-separated path relative to `root`.
 */
export function readTypeScriptSources(root: string, folders: readonly string[] = ['.']): Map<string, string> {
  const sources = new Map<string, string>()
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'miniprogram_npm' && entry.name !== 'node_modules') walk(full)
      } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        sources.set(path.relative(root, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'))
      }
    }
  }
  for (const folder of folders) walk(path.join(root, folder))
  return sources
}

/** Every .ts source of the mini-program, keyed by its path relative to miniprogramRoot. */
export function readMiniprogramSources(miniprogramRoot: string): Map<string, string> {
  return readTypeScriptSources(miniprogramRoot)
}

// `import … from`, `export … from`, `import '…'`, `import('…')`, `require('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)['"]([^'"]+)['"]/g

/** Every module specifier of a source: `import … from`, `export … from`, side-effect imports, `import()`, `require()`. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[1] ?? '')
}

/** Our own imports between the given sources, resolved like WeChat does (file, or folder index). */
export function moduleImports(sources: ReadonlyMap<string, string>): ModuleImport[] {
  const imports: ModuleImport[] = []
  for (const [from, source] of sources) {
    for (const specifier of importSpecifiers(source)) {
      let base: string
      if (specifier.startsWith('./') || specifier.startsWith('../')) base = path.posix.join(path.posix.dirname(from), specifier)
      else if (specifier.startsWith('/')) base = specifier.slice(1)
      else continue // npm packages and plugins
      const to = [`${base}.ts`, `${base}/index.ts`].find((candidate) => sources.has(candidate))
      if (to !== undefined) imports.push({ from, to, specifier })
    }
  }
  return imports
}

function packageName(pkg: string): string {
  return pkg === 'main' ? 'the main package' : `the ${pkg} subpackage`
}

/**
 * One sentence per import that crosses into a subpackage from outside it (from the main package,
 * or from another subpackage). Neither can count on that subpackage being downloaded.
 */
export function crossPackageImports(app: AppJson, imports: readonly ModuleImport[]): string[] {
  const problems: string[] = []
  for (const { from, to, specifier } of imports) {
    const source = packageOf(app, from)
    const target = packageOf(app, to)
    if (target === 'main' || target === source) continue
    const shared = to.slice(target.length + 1)
    problems.push(
      `${from} (${packageName(source)}) imports ${to} ('${specifier}') from ${packageName(target)}: ` +
        `code of one package must not import another subpackage's files, not even types, because that ` +
        `subpackage may not be downloaded when this code runs (the require fails on the phone). ` +
        `Move what both use into a main-package folder (e.g. ${shared}; shared types go to core/), ` +
        `or move the importer into ${target}/.`,
    )
  }
  return problems
}

/**
 * One sentence per main-package module that only one subpackage uses, directly or through other
 * main-package modules. A module with no importers is an entry (app.ts, a page, a component) and
 * belongs where it is; a module that main code or two subpackages use must stay in main.
 * `contract/` is exempt: it is the server's only way into the mini-program, so the rules both
 * sides apply stay there even when one subpackage is their only user (they are kept small).
 */
export function subpackageOnlyModules(app: AppJson, sources: ReadonlyMap<string, string>, imports: readonly ModuleImport[]): string[] {
  const importers = new Map<string, string[]>()
  for (const { from, to } of imports) {
    if (from === to) continue
    const list = importers.get(to) ?? []
    if (!list.includes(from)) list.push(from)
    importers.set(to, list)
  }
  const users = new Map<string, Set<string>>()
  for (const file of sources.keys()) {
    const pkg = packageOf(app, file)
    if (pkg !== 'main' || !importers.has(file)) users.set(file, new Set([pkg]))
    else users.set(file, new Set())
  }
  // Users flow from importers to what they import; repeat until nothing changes (imports may form cycles).
  for (let changed = true; changed; ) {
    changed = false
    for (const [file, set] of users) {
      if (packageOf(app, file) !== 'main') continue
      for (const importer of importers.get(file) ?? []) {
        for (const pkg of users.get(importer) ?? []) {
          if (!set.has(pkg)) {
            set.add(pkg)
            changed = true
          }
        }
      }
    }
  }
  const mainBudget = formatBytes(DEFAULT_BUDGETS.main)
  const problems: string[] = []
  for (const [file, set] of users) {
    if (packageOf(app, file) !== 'main' || set.size !== 1 || file.startsWith('contract/')) continue
    const [only] = [...set]
    if (only === undefined || only === 'main') continue
    const via = (importers.get(file) ?? []).filter((importer) => users.get(importer)?.has(only))
    problems.push(
      `${file} is in the main package, but only ${packageName(only)} uses it (imported by ${via.join(', ')}): ` +
        `move it to ${only}/${file} (keep the file name) and update the imports. Every main-package file is ` +
        `downloaded at first launch, within a ${mainBudget} budget; code that only ${only}/ pages run belongs in ${only}/. ` +
        `If main-package code is about to use it, that import keeps it in main.`,
    )
  }
  return problems
}
