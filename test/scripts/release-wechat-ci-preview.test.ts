/**
 * `npm run preview` end to end with the real miniprogram-ci, and the failures WeChat answers: a
 * key it does not know, a refused IP, no network (helpers/release-wechat.ts). A one-page project:
 * these are about the CLI and WeChat; release-wechat-ci.test.ts sends the whole project.
 */
import fs from 'node:fs'
import path from 'node:path'
import { FAKE_QRCODE_JPEG, type CiFault } from '../fakes/wechat-ci'
import { APPID, makePrivateKey } from './helpers/release-fixture'
import { env, KEY, release, releaseTinyProject } from './helpers/release-wechat'

// Two real compiles per release of a one-page project (the build's and miniprogram-ci's own): a
// limit for a hung compiler on a loaded machine, not a speed check.
jest.setTimeout(600_000)

let projectDir: string
beforeAll(async () => {
  projectDir = releaseTinyProject()
})

describe('release through the real miniprogram-ci', () => {
  it('preview: sends the page and query, writes the QR code WeChat returns', async () => {
    const qrcode = path.join(projectDir, 'dist/qr/room-42.jpg')
    const { code, out, err, calls } = await release(projectDir, 'preview', ['--page', 'pages/index/index', '--query', 'roomId=42', '--qrcode', qrcode, '--robot', '2'])
    expect(err).toEqual([])
    expect(code).toBe(0)

    expect(calls('upload')).toHaveLength(0)
    const [sent] = calls('testSourceURL')
    expect(sent?.signatureValid).toBe(true)
    expect(sent?.query).toMatchObject({ appid: APPID, robot: '2', path: 'pages/index/index?roomId=42' })
    expect(JSON.parse(sent?.query.debugLaunchInfo ?? '{}')).toMatchObject({ path: 'pages/index/index', query: { roomId: '42' } })
    expect(fs.readFileSync(qrcode).equals(FAKE_QRCODE_JPEG)).toBe(true)
    expect(out).toContain('preview: QR code (opens pages/index/index?roomId=42) written to dist/qr/room-42.jpg')
  })

  it('explains WeChat refusing the runner\'s IP (-10008) before anything is compiled or sent', async () => {
    const refusal: CiFault = { kind: 'errcode', errCode: -10008, errMsg: 'invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html' }
    const { code, err, calls } = await release(projectDir, 'upload', [], { faults: [['getrandstr', refusal]] })
    expect(code).toBe(1)
    expect(err.join('\n')).toMatch(/^upload failed \(WeChat errCode -10008[^)]*\): .*invalid ip: 203\.0\.113\.7/)
    expect(err.join('\n')).toMatch(/likely cause: .*IP whitelist/)
    expect(calls('upload')).toHaveLength(0)
  })

  it('explains an unreachable WeChat', async () => {
    const { code, err } = await release(projectDir, 'upload', [], { faults: [['getrandstr', { kind: 'network', code: 'ENOTFOUND' }]] })
    expect(code).toBe(1)
    expect(err.join('\n')).toMatch(/likely cause: WeChat's servers \(servicewechat\.com\) could not be reached/)
  })

  it('explains a key WeChat does not know (reset, or another appid\'s)', async () => {
    const { code, err, calls } = await release(projectDir, 'upload', [], { env: env({ MP_PRIVATE_KEY: makePrivateKey() }) })
    expect(code).toBe(1)
    expect(calls('upload').map((c) => c.signatureValid)).toEqual([false])
    expect(err.join('\n')).toMatch(/likely cause: WeChat rejected the signature/)
    expect(err.join('\n')).not.toContain(KEY.split('\n')[1])
  })
})
