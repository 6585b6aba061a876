/**
 * `npm run upload` / `npm run preview` end to end with the real miniprogram-ci: it compiles, signs,
 * packs and sends; only its HTTP client is replaced, by a fake of WeChat's code-upload service that
 * checks the signature and unpacks what arrives (test/fakes/wechat-ci.ts). Each release runs in a
 * child process (helpers/release-child.ts), as the npm scripts do.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { FAKE_QRCODE_JPEG, MINIPROGRAM_FILE_TYPES, type CiFault, type LedgerEntry } from '../fakes/wechat-ci'
import { makeFixture } from '../build/fixture'
import { runWorker } from '../../scripts/lib/worker-process'
import { APPID, makePrivateKey } from './helpers/release-fixture'
import type { ReleaseChildReply, ReleaseChildRequest } from './helpers/release-child'

// Two real compiles (the build's and miniprogram-ci's own) per release on a 2-core machine.
jest.setTimeout(240_000)

const KEY = makePrivateKey()
const REGISTERED = crypto.createPublicKey(KEY).export({ type: 'spki', format: 'pem' }).toString()
let projectDir: string

beforeAll(async () => {
  projectDir = await makeFixture()
})

const env = (over: Record<string, string> = {}): Record<string, string> => ({
  MP_APPID: APPID,
  MP_PRIVATE_KEY: KEY,
  MP_ROBOT: '7',
  MP_VERSION: 'v2.3.4',
  MP_DESC: 'f00dcafe Live room share cards',
  ...over,
})

async function release(
  action: 'upload' | 'preview',
  argv: string[],
  options: { env?: Record<string, string>; faults?: Array<[string, CiFault]> } = {},
): Promise<ReleaseChildReply & { calls: (endpoint: string) => LedgerEntry[] }> {
  const request: ReleaseChildRequest = {
    action,
    projectDir,
    // The fixture is packed already and tsc is the typecheck script's job; the build still compiles and checks budgets.
    argv: ['--no-typecheck', '--no-pack-npm', ...argv],
    env: options.env ?? env(),
    appid: APPID,
    registeredPublicKey: REGISTERED,
    faults: options.faults ?? [],
  }
  const { reply, output } = await runWorker<ReleaseChildReply>(path.join(__dirname, 'helpers/release-child.ts'), request)
  if (!reply) throw new Error(`the release process ended without a reply:\n${output}`)
  const { ledger } = reply
  return { ...reply, calls: (endpoint) => ledger.filter((c) => c.endpoint === endpoint) }
}

const kib = (line: string | undefined): number => Number(/([\d.]+) KiB$/.exec(line ?? '')?.[1] ?? NaN)

describe('release through the real miniprogram-ci', () => {
  it('upload: sends the signed package with version, desc and robot; prints the sizes WeChat reports', async () => {
    const { code, out, err, ledger, calls } = await release('upload', [])
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

  it('preview: sends the page and query, writes the QR code WeChat returns', async () => {
    const qrcode = path.join(projectDir, 'dist/qr/room-42.jpg')
    const { code, out, err, calls } = await release('preview', ['--page', 'live/viewer/index', '--query', 'roomId=42', '--qrcode', qrcode, '--robot', '2'])
    expect(err).toEqual([])
    expect(code).toBe(0)

    expect(calls('upload')).toHaveLength(0)
    const [sent] = calls('testSourceURL')
    expect(sent?.signatureValid).toBe(true)
    expect(sent?.query).toMatchObject({ appid: APPID, robot: '2', path: 'live/viewer/index?roomId=42' })
    expect(JSON.parse(sent?.query.debugLaunchInfo ?? '{}')).toMatchObject({ path: 'live/viewer/index', query: { roomId: '42' } })
    expect(fs.readFileSync(qrcode).equals(FAKE_QRCODE_JPEG)).toBe(true)
    expect(out).toContain('preview: QR code (opens live/viewer/index?roomId=42) written to dist/qr/room-42.jpg')
  })

  it('explains WeChat refusing the runner\'s IP (-10008) before anything is compiled or sent', async () => {
    const refusal: CiFault = { kind: 'errcode', errCode: -10008, errMsg: 'invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html' }
    const { code, err, calls } = await release('upload', [], { faults: [['getrandstr', refusal]] })
    expect(code).toBe(1)
    expect(err.join('\n')).toMatch(/^upload failed \(WeChat errCode -10008[^)]*\): .*invalid ip: 203\.0\.113\.7/)
    expect(err.join('\n')).toMatch(/likely cause: .*IP whitelist/)
    expect(calls('upload')).toHaveLength(0)
  })

  it('explains a key WeChat does not know (reset, or another appid\'s)', async () => {
    const { code, err, calls } = await release('upload', [], { env: env({ MP_PRIVATE_KEY: makePrivateKey() }) })
    expect(code).toBe(1)
    expect(calls('upload').map((c) => c.signatureValid)).toEqual([false])
    expect(err.join('\n')).toMatch(/likely cause: WeChat rejected the signature/)
    expect(err.join('\n')).not.toContain(KEY.split('\n')[1])
  })

  it('explains an unreachable WeChat', async () => {
    const { code, err } = await release('upload', [], { faults: [['getrandstr', { kind: 'network', code: 'ENOTFOUND' }]] })
    expect(code).toBe(1)
    expect(err.join('\n')).toMatch(/likely cause: WeChat's servers \(servicewechat\.com\) could not be reached/)
  })
})
