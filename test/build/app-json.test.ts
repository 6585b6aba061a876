import fs from 'node:fs'
import path from 'node:path'
import type { AppJson } from '../../scripts/lib/app-json'
import { subpackagesOf, validateAppStructure } from '../../scripts/lib/app-json'
import { readMiniprogramSources } from '../../scripts/lib/package-imports'

const repoRoot = path.resolve(__dirname, '../..')
const app = JSON.parse(fs.readFileSync(path.join(repoRoot, 'miniprogram/app.json'), 'utf8')) as AppJson
const projectConfig = JSON.parse(fs.readFileSync(path.join(repoRoot, 'project.config.json'), 'utf8'))
const LIVE_PLAYER_PROVIDER = 'wx2b03c6e691cd7370'
const ZEGO_SDK = 'zego-express-engine-miniprogram'

function readJson(rel: string): Record<string, Record<string, string>> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, rel), 'utf8'))
}

describe('app.json invariants', () => {
  it('declares live-player-plugin only inside the wxlive subpackage, with its provider and a pinned version', () => {
    expect(app.plugins?.['live-player-plugin']).toBeUndefined()
    const holders = subpackagesOf(app).filter((s) => s.plugins?.['live-player-plugin'])
    expect(holders.map((s) => s.root)).toEqual(['wxlive'])
    const plugin = holders[0].plugins!['live-player-plugin']
    expect(plugin.provider).toBe(LIVE_PLAYER_PROVIDER)
    expect(plugin.version).toMatch(/^\d+\.\d+\.\d+$/)
    // No other declaration anywhere uses WeChat's live provider under another name.
    const all = [app.plugins ?? {}, ...subpackagesOf(app).map((s) => s.plugins ?? {})].flatMap((p) => Object.entries(p))
    expect(all.filter(([, p]) => p.provider === LIVE_PLAYER_PROVIDER).map(([name]) => name)).toEqual(['live-player-plugin'])
  })

  it('keeps the ZEGO SDK out of the main package: packed only into live, imported only from live code', () => {
    const relations = projectConfig.setting.packNpmRelationList as Array<{ packageJsonPath: string; miniprogramNpmDistDir: string }>
    const mainRelation = relations.find((r) => path.normalize(r.miniprogramNpmDistDir) === path.normalize('./miniprogram/'))!
    expect(readJson(mainRelation.packageJsonPath).dependencies?.[ZEGO_SDK]).toBeUndefined()
    const zegoRelations = relations.filter((r) => readJson(r.packageJsonPath).dependencies?.[ZEGO_SDK])
    expect(zegoRelations.map((r) => path.normalize(r.miniprogramNpmDistDir))).toEqual([path.normalize('./miniprogram/live/')])
    // A runtime import of the SDK from main-package code would fail on the device: the SDK is not there.
    const runtimeImport = new RegExp(`(require\\(|^\\s*import (?!type)[^;]*from )['"]${ZEGO_SDK}['"]`, 'm')
    const mainFiles = [...readMiniprogramSources(path.join(repoRoot, 'miniprogram'))].filter(([file]) => !file.startsWith('live/'))
    expect(mainFiles.length).toBeGreaterThan(10)
    const offenders = mainFiles.filter(([, source]) => runtimeImport.test(source))
    expect(offenders.map(([file]) => file)).toEqual([])
  })

  it('keeps tab pages in the main package and preloads live from the room list', () => {
    for (const item of app.tabBar?.list ?? []) expect(app.pages).toContain(item.pagePath)
    expect(app.preloadRule?.['pages/rooms/index']?.packages).toContain('live')
    expect(app.pages).toContain('pages/goods-detail/index')
    const live = subpackagesOf(app).find((s) => s.root === 'live')!
    expect(live.pages).toEqual(expect.arrayContaining(['anchor/index', 'viewer/index', 'replay/index']))
  })

  it('keeps the commerce pages and the buy popup in the shop subpackage, preloaded where the popup opens, and declares chooseAddress', () => {
    const shop = subpackagesOf(app).find((s) => s.root === 'shop')
    expect(shop?.pages).toEqual(['result/index', 'orders/index', 'order-detail/index', 'refund/index'])
    expect(app.tabBar?.list?.map((t) => t.pagePath)).toEqual(['pages/rooms/index', 'pages/goods/index'])
    expect((app as { requiredPrivateInfos?: string[] }).requiredPrivateInfos).toContain('chooseAddress')
    for (const page of ['pages/goods-detail/index', 'live/viewer/index', 'live/replay/index']) {
      const json = readJson(`miniprogram/${page}.json`) as { usingComponents?: Record<string, string>; componentPlaceholder?: Record<string, string> }
      expect({ page, popup: json.usingComponents?.['buy-popup'], placeholder: json.componentPlaceholder?.['buy-popup'], preload: app.preloadRule?.[page]?.packages })
        .toEqual({ page, popup: '/shop/components/buy-popup/index', placeholder: 'view', preload: expect.arrayContaining(['shop']) })
    }
  })

  it('loads code lazily and declares no global components', () => {
    expect(app.lazyCodeLoading).toBe('requiredComponents')
    expect(Object.keys(app.usingComponents ?? {})).toEqual([])
  })

  it('names only pages and components that exist', () => {
    expect(validateAppStructure(path.join(repoRoot, 'miniprogram'), false)).toEqual([])
  })
})

describe('project.config.json', () => {
  it('uses the TypeScript + Less compiler plugins, manual npm packing and drops unused files', () => {
    expect(projectConfig.miniprogramRoot).toBe('miniprogram/')
    expect(projectConfig.setting.useCompilerPlugins).toEqual(['typescript', 'less'])
    expect(projectConfig.setting.packNpmManually).toBe(true)
    expect(projectConfig.setting.ignoreUploadUnusedFiles).toBe(true)
  })

  it('is kept apart from per-developer settings', () => {
    const ignored = fs.readFileSync(path.join(repoRoot, '.gitignore'), 'utf8').split('\n')
    expect(ignored).toContain('project.private.config.json')
  })
})
