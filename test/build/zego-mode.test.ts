import fs from 'node:fs'
import path from 'node:path'
import { ZEGO_STREAM_COMPONENTS, zegoModeProblems } from '../../scripts/lib/zego-mode'
import { config } from '../../miniprogram/config'

const root = path.resolve(__dirname, '../..')
const readJson = (rel: string): object => JSON.parse(fs.readFileSync(path.join(root, 'miniprogram', rel), 'utf8')) as object

const zegoPlugin = { 'zego-e-commerce': { version: '1.0.4', provider: 'wx2b8909dae7727f25' } }
const live = (plugins?: object) => ({ root: 'live', pages: ['anchor/index', 'viewer/index'], ...(plugins ? { plugins } : {}) })
const app = (subs: object[], extra: object = {}) => ({ pages: ['pages/rooms/index'], subpackages: subs, ...extra })
const pluginUnits = {
  'live/components/zego-pusher/index': { component: true, usingComponents: { 'zego-plugin-pusher': 'plugin://zego-e-commerce/zego-pusher' } },
  'live/components/zego-player/index': { component: true, usingComponents: { 'zego-plugin-player': 'plugin://zego-e-commerce/zego-player' } },
}

describe('zegoModeProblems', () => {
  it('the repository agrees with its configured mode', () => {
    const units = Object.fromEntries(Object.keys(ZEGO_STREAM_COMPONENTS).map((u) => [u, readJson(`${u}.json`)]))
    expect(zegoModeProblems(readJson('app.json'), config.zegoComponentMode, units)).toEqual([])
  })

  it('native: nothing declared is fine', () => {
    expect(zegoModeProblems(app([live()]), 'native')).toEqual([])
  })

  it('native: a declared ZEGO plugin is a problem, wherever it is and whatever its name', () => {
    expect(zegoModeProblems(app([live(zegoPlugin)]), 'native')).toEqual([
      'zegoComponentMode is "native" but subpackage "live" declares the ZEGO plugin "zego-e-commerce" (provider wx2b8909dae7727f25); remove it or switch the mode to "plugin"',
    ])
    const renamed = app([live()], { plugins: { zego: { version: '1', provider: 'wx2b8909dae7727f25' } } })
    expect(zegoModeProblems(renamed, 'native')).toEqual([
      'zegoComponentMode is "native" but the main package declares the ZEGO plugin "zego" (provider wx2b8909dae7727f25); remove it or switch the mode to "plugin"',
    ])
  })

  it('native: plugin:// ZEGO components in app.json or a stream component are problems', () => {
    const usesPlugin = app([live()], { usingComponents: { 'zego-pusher': 'plugin://zego-e-commerce/zego-pusher' } })
    expect(zegoModeProblems(usesPlugin, 'native', pluginUnits)).toEqual([
      'zegoComponentMode is "native" but app.json uses the ZEGO plugin component <zego-pusher> (plugin://zego-e-commerce/zego-pusher)',
      'zegoComponentMode is "native" but live/components/zego-pusher/index.json uses the ZEGO plugin component <zego-plugin-pusher> (plugin://zego-e-commerce/zego-pusher)',
      'zegoComponentMode is "native" but live/components/zego-player/index.json uses the ZEGO plugin component <zego-plugin-player> (plugin://zego-e-commerce/zego-player)',
    ])
  })

  it('plugin: declared for the live subpackage with the right provider, components mapped — no problems', () => {
    expect(zegoModeProblems(app([live(zegoPlugin)]), 'plugin', pluginUnits)).toEqual([])
  })

  it('plugin: missing declaration says where and what to add', () => {
    expect(zegoModeProblems(app([live()]), 'plugin')).toEqual([
      'zegoComponentMode is "plugin" but the "live" subpackage does not declare plugin "zego-e-commerce" (add "plugins": { "zego-e-commerce": { "version": "…", "provider": "wx2b8909dae7727f25" } } to it)',
    ])
    expect(zegoModeProblems(app([]), 'plugin')).toEqual([
      'zegoComponentMode is "plugin" but app.json has no "live" subpackage to declare the ZEGO plugin in',
    ])
  })

  it('plugin: wrong provider, missing version, declared in the main package, components not mapped', () => {
    const wrong = app([live({ 'zego-e-commerce': { provider: 'wx0000000000000000' } })], { plugins: zegoPlugin })
    expect(zegoModeProblems(wrong, 'plugin', { 'live/components/zego-pusher/index': { usingComponents: {} } })).toEqual([
      'plugin "zego-e-commerce" in the "live" subpackage has provider "wx0000000000000000", expected "wx2b8909dae7727f25"',
      'plugin "zego-e-commerce" in the "live" subpackage has no version',
      'the ZEGO plugin is also declared as "zego-e-commerce" in the main package; declare it once, as "zego-e-commerce" in the "live" subpackage',
      'zegoComponentMode is "plugin" but live/components/zego-pusher/index.json does not map <zego-plugin-pusher> to "plugin://zego-e-commerce/zego-pusher"',
    ])
  })
})
