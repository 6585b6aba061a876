import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { buildMiniprogram } from '../../scripts/lib/build'
import { BuildError } from '../../scripts/lib/build-error'
import { cloneFixture, editJson, makeFixture } from './fixture'

jest.setTimeout(120_000)

let base: string

beforeAll(async () => {
  base = await makeFixture()
})

async function buildFails(dir: string, typecheck = false): Promise<string> {
  try {
    await buildMiniprogram({ projectDir: dir, packNpm: false, typecheck })
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
    expect(Object.keys(report.subpackages).sort()).toEqual(['live', 'shop', 'wxlive'])
    const parts = report.main + report.subpackages.live + report.subpackages.shop + report.subpackages.wxlive
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

  it('fails naming the file when a WXML file is broken', async () => {
    const dir = cloneFixture(base)
    fs.writeFileSync(path.join(dir, 'miniprogram/pages/rooms/index.wxml'), '<view class="rooms">\n  <van-empty description="x" /\n')
    expect(await buildFails(dir)).toMatch(/pages\/rooms\/index\.wxml/)
  })

  it('fails naming the file when the compiled package requires a module WeChat\'s compiler left out', async () => {
    const dir = cloneFixture(base)
    fs.mkdirSync(path.join(dir, 'miniprogram/core/shelf-tools'))
    fs.writeFileSync(path.join(dir, 'miniprogram/core/shelf-tools/index.ts'), "export const shelfTitle = (n: number): string => `商品 ${n}`\n")
    // Imported through its folder, as TypeScript allows.
    fs.appendFileSync(path.join(dir, 'miniprogram/pages/goods/index.ts'), "\nimport { shelfTitle } from '../../core/shelf-tools'\nconsole.log(shelfTitle(1))\n")
    expect(await buildFails(dir)).toMatch(/pages\/goods\/index\.js requires "\.\.\/\.\.\/core\/shelf-tools", which is not in the compiled package/)
  })

  it('fails naming the file when TypeScript does not compile', async () => {
    const dir = cloneFixture(base)
    fs.appendFileSync(path.join(dir, 'miniprogram/pages/goods/index.ts'), '\nconst price: number = "12.00"\nexport { price }\n')
    expect(await buildFails(dir, true)).toMatch(/TypeScript does not compile:[\s\S]*pages\/goods\/index\.ts/)
  })

  it('fails naming the package when the main package is over budget', async () => {
    const dir = cloneFixture(base)
    // Random bytes do not compress: 300 KiB of them in a module the room list requires (budget 200 KiB).
    const blob = crypto.randomBytes(225 * 1024).toString('base64')
    fs.writeFileSync(path.join(dir, 'miniprogram/core/blob.ts'), `export const blob = '${blob}'\n`)
    fs.appendFileSync(path.join(dir, 'miniprogram/pages/rooms/index.ts'), "\nimport { blob } from '../../core/blob'\nconsole.log(blob.length)\n")
    const message = await buildFails(dir)
    expect(message).toMatch(/main package is [\d.]+ KiB, over its budget of 200\.0 KiB/)
    // The report is still written, so the cause can be inspected.
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'dist/package-size.json'), 'utf8'))
    expect(report.main).toBeGreaterThan(200 * 1024)
  })

  it('fails naming the subpackage when a subpackage is over budget', async () => {
    const dir = cloneFixture(base)
    const blob = crypto.randomBytes(225 * 1024).toString('base64')
    fs.writeFileSync(path.join(dir, 'miniprogram/wxlive/room/blob.ts'), `export const blob = '${blob}'\n`)
    fs.appendFileSync(path.join(dir, 'miniprogram/wxlive/room/index.ts'), "\nimport { blob } from './blob'\nconsole.log(blob.length)\n")
    expect(await buildFails(dir)).toMatch(/subpackage "wxlive" is [\d.]+ KiB, over its budget of 256\.0 KiB/)
  })
})
