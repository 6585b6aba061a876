import fs from 'node:fs'
import path from 'node:path'
import { buildMiniprogram } from '../../scripts/lib/build'
import { BuildError } from '../../scripts/lib/build-error'
import { DEFAULT_BUDGETS, type SizeBudgets } from '../../scripts/lib/budgets'
import { cloneFixture, editJson, makeFixture, makeTinyProject } from './fixture'

jest.setTimeout(120_000)

let base: string

beforeAll(async () => {
  base = await makeFixture()
})

async function buildFails(dir: string, typecheck = false, budgets?: SizeBudgets): Promise<string> {
  try {
    await buildMiniprogram({ projectDir: dir, packNpm: false, typecheck, budgets })
  } catch (err) {
    expect(err).toBeInstanceOf(BuildError)
    return (err as Error).message
  }
  throw new Error('the build passed but should have failed')
}

describe('offline build with WeChat\'s compiler', () => {
  it('writes the zip and a size report shaped {main, subpackages, total, files}', async () => {
    const dir = cloneFixture(base)
    const result = await buildMiniprogram({ projectDir: dir, packNpm: false, typecheck: false })
    expect(fs.statSync(result.zipPath).size).toBeGreaterThan(1000)
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'dist/package-size.json'), 'utf8'))
    expect(Object.keys(report).sort()).toEqual(['files', 'main', 'subpackages', 'total'])
    expect(Object.keys(report.subpackages).sort()).toEqual(['live', 'share', 'shop', 'wxlive'])
    const parts = report.main + report.subpackages.live + report.subpackages.share + report.subpackages.shop + report.subpackages.wxlive
    expect(report.total).toBe(parts)
    expect(report.files).toBeGreaterThan(10)
    // Unused Vant components are left out of the package (ignoreUploadUnusedFiles).
    expect(report.main).toBeLessThan(200 * 1024)
    expect(result.files).not.toContain('miniprogram_npm/@vant/weapp/calendar/index.js')
    // The ZEGO SDK, wherever the pages use it, is packed into the live subpackage only.
    const zegoFiles = result.files.filter((f) => f.includes('zego-express-engine-miniprogram'))
    expect(zegoFiles.every((f) => f.startsWith('live/miniprogram_npm/zego-express-engine-miniprogram/'))).toBe(true)
  })

  it('fails naming the page when app.json lists a page that does not exist', async () => {
    const dir = cloneFixture(base)
    editJson(path.join(dir, 'miniprogram/app.json'), (app) => {
      ;(app.pages as string[]).push('pages/missing/index')
    })
    expect(await buildFails(dir)).toMatch(/app\.json names page "pages\/missing\/index"/)
  })

  it('fails naming the component when a page uses one that does not exist', async () => {
    const dir = cloneFixture(base)
    editJson(path.join(dir, 'miniprogram/pages/goods/index.json'), (json) => {
      ;(json.usingComponents as Record<string, string>)['goods-card'] = '/components/goods-card/index'
    })
    expect(await buildFails(dir)).toMatch(/pages\/goods\/index\.json names component <goods-card> "components\/goods-card\/index"/)
  })

  it('fails when app.json does not declare what the ZEGO component mode needs', async () => {
    const dir = cloneFixture(base)
    const configPath = path.join(dir, 'miniprogram/config.ts')
    fs.writeFileSync(configPath, fs.readFileSync(configPath, 'utf8').replace(/zegoComponentMode: '\w+'/, "zegoComponentMode: 'plugin'"))
    expect(await buildFails(dir)).toMatch(/zegoComponentMode is "plugin" but the "live" subpackage does not declare plugin "zego-e-commerce"/)
  })

  // These need a compiler (WeChat's, or tsc) to see the broken file, so they break a one-page project.
  it('fails naming the file when a WXML file is broken', async () => {
    const dir = makeTinyProject()
    await buildMiniprogram({ projectDir: dir, packNpm: false, typecheck: false })
    fs.writeFileSync(path.join(dir, 'miniprogram/pages/index/index.wxml'), '<view class="page">\n  <text>x</text /\n')
    expect(await buildFails(dir)).toMatch(/pages\/index\/index\.wxml/)
  })

  it('fails naming the file when the compiled package requires a module WeChat\'s compiler left out', async () => {
    const dir = makeTinyProject()
    fs.mkdirSync(path.join(dir, 'miniprogram/core/shelf-tools'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'miniprogram/core/shelf-tools/index.ts'), "export const shelfTitle = (n: number): string => `商品 ${n}`\n")
    // Imported through its folder, as TypeScript allows.
    fs.appendFileSync(path.join(dir, 'miniprogram/pages/index/index.ts'), "\nimport { shelfTitle } from '../../core/shelf-tools'\nconsole.log(shelfTitle(1))\n")
    expect(await buildFails(dir)).toMatch(/pages\/index\/index\.js requires "\.\.\/\.\.\/core\/shelf-tools", which is not in the compiled package/)
  })

  it('fails naming the file when TypeScript does not compile', async () => {
    const dir = makeTinyProject()
    fs.appendFileSync(path.join(dir, 'miniprogram/pages/index/index.ts'), '\nconst price: number = "12.00"\nexport { price }\n')
    const message = await buildFails(dir, true)
    expect(message).toMatch(/TypeScript does not compile:[\s\S]*pages\/index\/index\.ts/)
    // The planted line is the only error: the one-page project itself type-checks.
    expect(message.split('\n').filter((line) => /error TS\d+/.test(line))).toEqual([expect.stringMatching(/^miniprogram\/pages\/index\/index\.ts\(\d+,\d+\): error TS2322/)])
  })

  // The budget checks read the compiled sizes: the unchanged project under tighter budgets shows
  // them failing without compiling anything new.
  it('fails naming the package when the main package is over budget', async () => {
    const dir = cloneFixture(base)
    const message = await buildFails(dir, false, { ...DEFAULT_BUDGETS, main: 64 * 1024 })
    expect(message).toMatch(/main package is [\d.]+ KiB, over its budget of 64\.0 KiB/)
    // The report is still written, so the cause can be inspected.
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'dist/package-size.json'), 'utf8'))
    expect(report.main).toBeGreaterThan(64 * 1024)
  })

  it('fails naming the subpackage when a subpackage is over budget', async () => {
    const dir = cloneFixture(base)
    expect(await buildFails(dir, false, { ...DEFAULT_BUDGETS, subpackages: { ...DEFAULT_BUDGETS.subpackages, wxlive: 4 * 1024 } })).toMatch(/subpackage "wxlive" is [\d.]+ KiB, over its budget of 4\.0 KiB/)
  })
})
