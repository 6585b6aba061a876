/**
 * `npm run upload` end to end with the real miniprogram-ci: it compiles, signs, packs and sends;
 * only its HTTP client is replaced (helpers/release-wechat.ts). Preview and the failures WeChat
 * answers: release-wechat-ci-preview.test.ts, on a one-page project.
 */
import fs from 'node:fs'
import path from 'node:path'
import { MINIPROGRAM_FILE_TYPES } from '../fakes/wechat-ci'
import { APPID } from './helpers/release-fixture'
import { KEY, kib, release, releaseProject } from './helpers/release-wechat'

// Up to two real compiles per release (the build's, unless reused from its cache, and
// miniprogram-ci's own), each a minute or more on a loaded 2-core machine: a limit for a hung
// compiler, not a speed check.
jest.setTimeout(600_000)

let projectDir: string
beforeAll(async () => {
  projectDir = await releaseProject()
})

describe('release through the real miniprogram-ci', () => {
  it('upload: sends the signed package with version, desc and robot; prints the sizes WeChat reports', async () => {
    const { code, out, err, ledger, calls } = await release(projectDir, 'upload', [])
    expect(err).toEqual([])
    expect(code).toBe(0)

    const uploads = calls('upload')
    expect(uploads).toHaveLength(1)
    const sent = uploads[0]!
    expect(sent.query).toMatchObject({ appid: APPID, version: '2.3.4', desc: 'f00dcafe Live room share cards', robot: '7', type: 'miniProgram' })
    expect(sent.signatureValid).toBe(true)
    // The project attributes were asked for with a valid signature; nothing else was called but lookups and telemetry.
    expect(calls('getattr').map((c) => c.signatureValid)).toEqual([true])
    expect(new Set(ledger.map((c) => c.endpoint))).toEqual(new Set(['getrandstr', 'getattr', 'getwhiteextlist', 'upload', 'clientreportv2']))

    // What arrived is the compiled package: pages of both subpackages, the ZEGO SDK only in live.
    const files = (sent.files ?? []).map(([name]) => name)
    expect(files).toEqual(expect.arrayContaining(['app.json', 'app.js', 'live/anchor/index.js', 'live/viewer/index.wxml', 'wxlive/room/index.js']))
    expect(files.filter((f) => f.includes('zego-express-engine-miniprogram')).every((f) => f.startsWith('live/'))).toBe(true)
    // Only file types WeChat accepts (source maps ride along for error reports).
    expect(files.filter((f) => !f.endsWith('.js.map') && !MINIPROGRAM_FILE_TYPES.includes(path.extname(f)))).toEqual([])

    // The sizes printed are WeChat's answer, measured from what arrived; they agree with the build's own report.
    const reported = out.slice(out.indexOf('upload: package sizes reported by WeChat:') + 1, out.indexOf('upload: package sizes reported by WeChat:') + 7)
    expect(reported).toEqual([
      expect.stringMatching(/^ {2}main package: [\d.]+ KiB$/),
      expect.stringMatching(/^ {2}subpackage live: [\d.]+ KiB$/),
      expect.stringMatching(/^ {2}subpackage share: [\d.]+ KiB$/),
      expect.stringMatching(/^ {2}subpackage shop: [\d.]+ KiB$/),
      expect.stringMatching(/^ {2}subpackage wxlive: [\d.]+ (KiB|B)$/),
      expect.stringMatching(/^ {2}total: [\d.]+ KiB$/),
    ])
    const built = JSON.parse(fs.readFileSync(path.join(projectDir, 'dist/package-size.json'), 'utf8')) as { main: number; subpackages: Record<string, number> }
    expect(Math.abs(kib(reported[0]) * 1024 - built.main)).toBeLessThan(0.05 * built.main)
    expect(Math.abs(kib(reported[1]) * 1024 - (built.subpackages.live ?? 0))).toBeLessThan(0.05 * (built.subpackages.live ?? 0))
    expect(out).toContain("upload: version 2.3.4 is robot 7's 开发版 in 微信公众平台 → 管理 → 版本管理")
    expect(out.join('\n')).not.toContain(KEY.split('\n')[1])
  })
})
