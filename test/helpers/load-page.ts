import path from 'node:path'
import fs from 'node:fs'
import simulate from 'miniprogram-simulate'

export const repoRoot = path.resolve(__dirname, '../..')
export const miniprogramRoot = path.join(repoRoot, 'miniprogram')
/** Packed by test/setup/global-setup.js (npm run pack-npm), as DevTools' 构建 npm packs it for the phone. */
const vantNpm = path.join(miniprogramRoot, 'miniprogram_npm/@vant/weapp')

const vantIds = new Map<string, string>()

/**
 * Loads a Vant component from miniprogram_npm, once per test file. It must share the pages'
 * rootPath: simulate compiles all WXML under a rootPath at once with WeChat's compiler, and two
 * such compiles in one test file share the compiler's global template cache (`$gwx_1`, `$gwx_2`…),
 * so a component from the second would render with the first one's templates.
 */
function vantComponent(spec: string, tag: string): string {
  const rel = spec.replace(/^@vant\/weapp\//, '')
  const cached = vantIds.get(rel)
  if (cached) return cached
  const file = path.join(vantNpm, rel)
  if (!fs.existsSync(`${file}.json`)) throw new Error(`${file}.json is missing: run npm run pack-npm (jest's global setup does)`)
  const id = simulate.load(file, tag, { rootPath: miniprogramRoot })
  vantIds.set(rel, id)
  return id
}

/** Plugin components cannot run outside WeChat; a stub renders their slot and records its props. */
export function pluginStub(tag: string, properties: WechatMiniprogram.Component.PropertyOption = {}): string {
  const id = simulate.load({
    id: `stub-${tag}-${Math.random().toString(36).slice(2)}`,
    template: '<slot />',
    properties,
  })
  return id as unknown as string
}

export interface LoadOptions {
  /** Extra usingComponents overrides (tag → component id), e.g. fakes for plugin components. */
  usingComponents?: Record<string, string>
}

const unitIds = new Map<string, string>()

/**
 * Loads a page or component of the mini-program through miniprogram-simulate with WeChat's own
 * WXML compiler, resolving npm components (Vant) to their CommonJS build, plugin components to
 * stubs, and our own components to units of their own. Returns the component id to render.
 *
 * simulate registers a component when it runs the component's script, and it runs a script with
 * `require` followed by `delete require.cache[…]` so that the next load runs it again. Under jest
 * that delete does nothing (jest's `require.cache` ignores deletions), so a script runs once per
 * test file: a second page using the same component would get an ID nothing is registered
 * under, and render the component blank. So each unit is loaded once per test file, and every
 * page and component that uses it gets that one ID, as WeChat defines a component once for all
 * pages.
 */
export function loadUnit(relPath: string, options: LoadOptions = {}, tag = ''): string {
  const key = `${relPath}|${JSON.stringify(options.usingComponents ?? {})}`
  const known = unitIds.get(key)
  if (known) return known
  const abs = path.join(miniprogramRoot, relPath)
  const json = JSON.parse(fs.readFileSync(`${abs}.json`, 'utf8')) as { usingComponents?: Record<string, string> }
  const overrides: Record<string, string> = { ...options.usingComponents }
  for (const [usedTag, spec] of Object.entries(json.usingComponents ?? {})) {
    if (overrides[usedTag]) continue
    if (spec.startsWith('@vant/weapp/')) overrides[usedTag] = vantComponent(spec, usedTag)
    else if (/^plugin(-private)?:\/\//.test(spec)) overrides[usedTag] = pluginStub(usedTag)
    else overrides[usedTag] = loadUnit(ownComponentPath(relPath, spec), {}, usedTag)
  }
  const id = simulate.load(abs, tag, { rootPath: miniprogramRoot, less: true, usingComponents: overrides })
  unitIds.set(key, id)
  return id
}

/** A usingComponents path of our own (relative, or absolute from the mini-program root) as a unit path. */
function ownComponentPath(fromUnit: string, spec: string): string {
  return spec.startsWith('/') ? spec.slice(1) : path.posix.join(path.posix.dirname(fromUnit), spec)
}

/** Renders and attaches a page, then runs its onLoad with the query, as WeChat does when opening it. */
export function openPage(relPath: string, query: Record<string, string> = {}, options: LoadOptions = {}) {
  const id = loadUnit(relPath, options)
  const page = simulate.render(id, query)
  page.attach(document.createElement('parent-wrapper'))
  const onLoad = (page.instance as unknown as { onLoad?: (q: Record<string, string>) => void }).onLoad
  onLoad?.call(page.instance, query)
  return page
}
