/**
 * Keeps app.json (and the two stream components' json) in agreement with
 * config.zegoComponentMode. `plugin` needs ZEGO's 即构直播助手 plugin declared for the live
 * subpackage — the only package whose units render ZEGO streams — and the stream components mapped
 * to its components; `native` must not declare the plugin (an account without it cannot upload)
 * nor use plugin:// ZEGO components. Pure: the build reads the files and calls this.
 */
export type ZegoComponentMode = 'plugin' | 'native'

export const ZEGO_PLUGIN_NAME = 'zego-e-commerce'
export const ZEGO_PLUGIN_PROVIDER = 'wx2b8909dae7727f25'
export const ZEGO_LIVE_ROOT = 'live'

/** Stream components (paths relative to miniprogramRoot, without extension) and their plugin tags. */
export const ZEGO_STREAM_COMPONENTS: Readonly<Record<string, { tag: string; plugin: string }>> = {
  'live/components/zego-pusher/index': { tag: 'zego-plugin-pusher', plugin: `plugin://${ZEGO_PLUGIN_NAME}/zego-pusher` },
  'live/components/zego-player/index': { tag: 'zego-plugin-player', plugin: `plugin://${ZEGO_PLUGIN_NAME}/zego-player` },
}

interface PluginDecl {
  version?: unknown
  provider?: unknown
}

interface SubpackageShape {
  root?: unknown
  plugins?: Record<string, PluginDecl>
}

interface AppJsonShape {
  plugins?: Record<string, PluginDecl>
  subpackages?: SubpackageShape[]
  subPackages?: SubpackageShape[]
  usingComponents?: Record<string, unknown>
}

interface UnitJsonShape {
  usingComponents?: Record<string, unknown>
}

const rootOf = (sub: SubpackageShape): string => String(sub.root ?? '').replace(/\/+$/, '')

/** Every place a ZEGO plugin is declared: `where` is "the main package" or `subpackage "x"`. */
function zegoDeclarations(app: AppJsonShape): Array<{ where: string; name: string; decl: PluginDecl }> {
  const found: Array<{ where: string; name: string; decl: PluginDecl }> = []
  const scan = (where: string, plugins?: Record<string, PluginDecl>): void => {
    for (const [name, decl] of Object.entries(plugins ?? {})) {
      if (name === ZEGO_PLUGIN_NAME || decl?.provider === ZEGO_PLUGIN_PROVIDER) found.push({ where, name, decl })
    }
  }
  scan('the main package', app.plugins)
  for (const sub of app.subpackages ?? app.subPackages ?? []) scan(`subpackage "${rootOf(sub)}"`, sub.plugins)
  return found
}

function zegoPluginUses(using: Record<string, unknown> | undefined): string[] {
  return Object.entries(using ?? {})
    .filter(([, spec]) => typeof spec === 'string' && spec.startsWith(`plugin://${ZEGO_PLUGIN_NAME}/`))
    .map(([tag, spec]) => `<${tag}> (${String(spec)})`)
}

/**
 * One sentence per disagreement between the mode and app.json; `unitJsons` (path → parsed json,
 * e.g. for the keys of ZEGO_STREAM_COMPONENTS) extends the check to the stream components.
 */
export function zegoModeProblems(appJson: object, mode: ZegoComponentMode, unitJsons: Record<string, object> = {}): string[] {
  const app = appJson as AppJsonShape
  const problems: string[] = []
  const declared = zegoDeclarations(app)

  if (mode === 'plugin') {
    const subs = app.subpackages ?? app.subPackages ?? []
    const live = subs.find((s) => rootOf(s) === ZEGO_LIVE_ROOT)
    const decl = live?.plugins?.[ZEGO_PLUGIN_NAME]
    if (!live) {
      problems.push(`zegoComponentMode is "plugin" but app.json has no "${ZEGO_LIVE_ROOT}" subpackage to declare the ZEGO plugin in`)
    } else if (!decl) {
      problems.push(
        `zegoComponentMode is "plugin" but the "${ZEGO_LIVE_ROOT}" subpackage does not declare plugin "${ZEGO_PLUGIN_NAME}" ` +
          `(add "plugins": { "${ZEGO_PLUGIN_NAME}": { "version": "…", "provider": "${ZEGO_PLUGIN_PROVIDER}" } } to it)`,
      )
    } else {
      if (decl.provider !== ZEGO_PLUGIN_PROVIDER) {
        problems.push(`plugin "${ZEGO_PLUGIN_NAME}" in the "${ZEGO_LIVE_ROOT}" subpackage has provider "${String(decl.provider)}", expected "${ZEGO_PLUGIN_PROVIDER}"`)
      }
      if (typeof decl.version !== 'string' || decl.version === '') {
        problems.push(`plugin "${ZEGO_PLUGIN_NAME}" in the "${ZEGO_LIVE_ROOT}" subpackage has no version`)
      }
    }
    for (const d of declared) {
      if (d.where === `subpackage "${ZEGO_LIVE_ROOT}"` && d.name === ZEGO_PLUGIN_NAME) continue
      problems.push(`the ZEGO plugin is also declared as "${d.name}" in ${d.where}; declare it once, as "${ZEGO_PLUGIN_NAME}" in the "${ZEGO_LIVE_ROOT}" subpackage`)
    }
    for (const [unit, json] of Object.entries(unitJsons)) {
      const expected = ZEGO_STREAM_COMPONENTS[unit]
      if (!expected) continue
      const using = (json as UnitJsonShape).usingComponents ?? {}
      if (using[expected.tag] !== expected.plugin) {
        problems.push(`zegoComponentMode is "plugin" but ${unit}.json does not map <${expected.tag}> to "${expected.plugin}"`)
      }
    }
    return problems
  }

  for (const d of declared) {
    problems.push(`zegoComponentMode is "native" but ${d.where} declares the ZEGO plugin "${d.name}" (provider ${String(d.decl?.provider)}); remove it or switch the mode to "plugin"`)
  }
  for (const use of zegoPluginUses(app.usingComponents)) {
    problems.push(`zegoComponentMode is "native" but app.json uses the ZEGO plugin component ${use}`)
  }
  for (const [unit, json] of Object.entries(unitJsons)) {
    for (const use of zegoPluginUses((json as UnitJsonShape).usingComponents)) {
      problems.push(`zegoComponentMode is "native" but ${unit}.json uses the ZEGO plugin component ${use}`)
    }
  }
  return problems
}
