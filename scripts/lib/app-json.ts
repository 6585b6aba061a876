import fs from 'node:fs'
import path from 'node:path'
import { BuildError } from './build-error'

export interface SubpackageConfig {
  root: string
  name?: string
  pages: string[]
  independent?: boolean
  plugins?: Record<string, { version: string; provider: string }>
}

export interface AppJson {
  pages: string[]
  subpackages?: SubpackageConfig[]
  subPackages?: SubpackageConfig[]
  plugins?: Record<string, { version: string; provider: string }>
  preloadRule?: Record<string, { packages: string[]; network?: string }>
  tabBar?: { list: Array<{ pagePath: string }> }
  usingComponents?: Record<string, string>
  lazyCodeLoading?: string
}

export function readJsonFile<T>(file: string, what: string): T {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    throw new BuildError(`${what}: ${file} does not exist`)
  }
  try {
    return JSON.parse(text) as T
  } catch (err) {
    throw new BuildError(`${what}: ${file} is not valid JSON (${(err as Error).message})`)
  }
}

export function subpackagesOf(app: AppJson): SubpackageConfig[] {
  return app.subpackages ?? app.subPackages ?? []
}

/** The package (`main` or a subpackage root) a path relative to miniprogramRoot belongs to. */
export function packageOf(app: AppJson, relPath: string): string {
  const posix = relPath.split(path.sep).join('/')
  for (const sub of subpackagesOf(app)) {
    const root = sub.root.replace(/\/+$/, '')
    if (posix === root || posix.startsWith(`${root}/`)) return root
  }
  return 'main'
}

const SCRIPT_EXTENSIONS = ['.ts', '.js']

function exists(file: string): boolean {
  return fs.existsSync(file)
}

/** Checks that a page or component has its json, wxml and script; returns a problem or null. */
function unitProblem(absBase: string, rel: string, kind: string, namedIn: string): string | null {
  const missing: string[] = []
  if (!exists(`${absBase}.json`)) missing.push('.json')
  if (!exists(`${absBase}.wxml`)) missing.push('.wxml')
  if (!SCRIPT_EXTENSIONS.some((ext) => exists(`${absBase}${ext}`))) missing.push('.ts/.js')
  if (missing.length === 0) return null
  return `${namedIn} names ${kind} "${rel}" but ${rel}${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`
}

interface PluginScope {
  names: Set<string>
  providers: Set<string>
}

function pluginScope(app: AppJson, pkg: string): PluginScope {
  const scope: PluginScope = { names: new Set(), providers: new Set() }
  const add = (plugins?: Record<string, { provider: string }>) => {
    for (const [name, p] of Object.entries(plugins ?? {})) {
      scope.names.add(name)
      scope.providers.add(p.provider)
    }
  }
  add(app.plugins)
  if (pkg !== 'main') add(subpackagesOf(app).find((s) => s.root.replace(/\/+$/, '') === pkg)?.plugins)
  return scope
}

/** Resolves an npm component path the way WeChat does: miniprogram_npm in the file's directory or any parent. */
function resolveNpm(root: string, fromDir: string, spec: string): string | null {
  let dir = fromDir
  for (;;) {
    const candidate = path.join(dir, 'miniprogram_npm', spec)
    if (exists(`${candidate}.json`)) return candidate
    // A bare package name resolves to its main component, index.
    if (exists(path.join(candidate, 'index.json'))) return path.join(candidate, 'index')
    if (path.resolve(dir) === path.resolve(root)) return null
    dir = path.dirname(dir)
  }
}

/**
 * Walks app.json, every page and every component reachable through usingComponents, and returns
 * each problem as a sentence naming the file: missing pages, missing components, components taken
 * from another subpackage, plugin components whose plugin is not declared where they are used.
 */
export function validateAppStructure(miniprogramRoot: string, checkNpm: boolean): string[] {
  const problems: string[] = []
  const app = readJsonFile<AppJson>(path.join(miniprogramRoot, 'app.json'), 'app.json')
  if (!Array.isArray(app.pages) || app.pages.length === 0) {
    return ['app.json must list at least one page in "pages"']
  }
  const visited = new Set<string>()

  const walkUnit = (rel: string, pkg: string) => {
    const abs = path.join(miniprogramRoot, rel)
    if (visited.has(abs)) return
    visited.add(abs)
    let json: { usingComponents?: Record<string, string>; componentPlaceholder?: Record<string, string> }
    try {
      json = readJsonFile(`${abs}.json`, `${rel}.json`)
    } catch (err) {
      problems.push((err as Error).message)
      return
    }
    walkUsing(json.usingComponents, path.dirname(abs), `${rel}.json`, pkg, json.componentPlaceholder)
  }

  const walkUsing = (using: Record<string, string> | undefined, fromDir: string, namedIn: string, pkg: string, placeholders: Record<string, string> = {}) => {
    for (const [tag, spec] of Object.entries(using ?? {})) {
      const plugin = /^plugin(-private)?:\/\/([^/]+)\//.exec(spec)
      if (plugin) {
        const scope = pluginScope(app, pkg)
        const known = plugin[1] ? scope.providers.has(plugin[2]) : scope.names.has(plugin[2])
        if (!known) {
          problems.push(`${namedIn} uses <${tag}> from plugin "${plugin[2]}", which is not declared in app.json for package "${pkg}"`)
        }
        continue
      }
      let absBase: string | null
      if (spec.startsWith('/')) absBase = path.join(miniprogramRoot, spec)
      else if (spec.startsWith('.')) absBase = path.resolve(fromDir, spec)
      else {
        if (!checkNpm) continue
        absBase = resolveNpm(miniprogramRoot, fromDir, spec)
        if (!absBase) {
          problems.push(`${namedIn} uses <${tag}> from "${spec}", which is not in any miniprogram_npm (was npm packed?)`)
          continue
        }
        // npm components are the library's own; they are compiled, not walked.
        continue
      }
      const rel = path.relative(miniprogramRoot, absBase).split(path.sep).join('/')
      if (rel.startsWith('..')) {
        problems.push(`${namedIn} uses <${tag}> from "${spec}", which is outside the mini-program root`)
        continue
      }
      const problem = unitProblem(absBase, rel, `component <${tag}>`, namedIn)
      if (problem) {
        problems.push(problem)
        continue
      }
      const targetPkg = packageOf(app, rel)
      // 分包异步化: a component from another subpackage loads on demand when a placeholder stands in for it.
      if (targetPkg !== 'main' && targetPkg !== pkg && placeholders[tag] === undefined) {
        problems.push(`${namedIn} (package "${pkg}") uses <${tag}> from subpackage "${targetPkg}" without a componentPlaceholder, so it cannot load it`)
        continue
      }
      walkUnit(rel, targetPkg)
    }
  }

  walkUsing(app.usingComponents, miniprogramRoot, 'app.json', 'main')
  const pages: Array<{ rel: string; pkg: string }> = app.pages.map((p) => ({ rel: p, pkg: 'main' }))
  for (const sub of subpackagesOf(app)) {
    const root = sub.root.replace(/\/+$/, '')
    for (const p of sub.pages ?? []) pages.push({ rel: `${root}/${p}`, pkg: root })
  }
  for (const { rel, pkg } of pages) {
    const problem = unitProblem(path.join(miniprogramRoot, rel), rel, 'page', 'app.json')
    if (problem) problems.push(problem)
    else walkUnit(rel, pkg)
  }
  for (const item of app.tabBar?.list ?? []) {
    if (!app.pages.includes(item.pagePath)) {
      problems.push(`app.json tabBar names "${item.pagePath}", which is not a page of the main package`)
    }
  }
  for (const [page, rule] of Object.entries(app.preloadRule ?? {})) {
    const roots = new Set(subpackagesOf(app).flatMap((s) => [s.root.replace(/\/+$/, ''), s.name ?? '']))
    for (const target of rule.packages) {
      if (target !== '__APP__' && !roots.has(target)) {
        problems.push(`app.json preloadRule for "${page}" names package "${target}", which is not a subpackage`)
      }
    }
  }
  return problems
}
