import path from 'node:path'
import fs from 'node:fs'
import simulate from 'miniprogram-simulate'

export const repoRoot = path.resolve(__dirname, '../..')
export const miniprogramRoot = path.join(repoRoot, 'miniprogram')
const vantLib = path.join(repoRoot, 'node_modules/@vant/weapp/lib')

const vantIds = new Map<string, string>()

/** Loads a Vant component from its CommonJS build, once per test file. */
function vantComponent(spec: string, tag: string): string {
  const rel = spec.replace(/^@vant\/weapp\//, '')
  const cached = vantIds.get(rel)
  if (cached) return cached
  const id = simulate.load(path.join(vantLib, rel), tag, { rootPath: vantLib })
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

/**
 * Loads a page or component of the mini-program through miniprogram-simulate with WeChat's own
 * WXML compiler, resolving npm components (Vant) to their CommonJS build and plugin components to
 * stubs. Returns the component id to render.
 */
const unitIds = new Map<string, string>()

export function loadUnit(relPath: string, options: LoadOptions = {}): string {
  // simulate registers a path once; loading it again would yield nothing to render.
  const key = `${relPath}|${JSON.stringify(options.usingComponents ?? {})}`
  const known = unitIds.get(key)
  if (known) return known
  const abs = path.join(miniprogramRoot, relPath)
  const json = JSON.parse(fs.readFileSync(`${abs}.json`, 'utf8')) as { usingComponents?: Record<string, string> }
  const overrides: Record<string, string> = {}
  for (const [tag, spec] of Object.entries(json.usingComponents ?? {})) {
    if (spec.startsWith('@vant/weapp/')) overrides[tag] = vantComponent(spec, tag)
    else if (/^plugin(-private)?:\/\//.test(spec)) overrides[tag] = pluginStub(tag)
  }
  Object.assign(overrides, options.usingComponents)
  const id = simulate.load(abs, { rootPath: miniprogramRoot, less: true, usingComponents: overrides })
  unitIds.set(key, id)
  return id
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
