/**
 * `npm run preview` end to end with the real miniprogram-ci, and the failures WeChat answers
 * before anything is compiled or sent (helpers/release-wechat.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { FAKE_QRCODE_JPEG, type CiFault } from '../fakes/wechat-ci'
import { APPID } from './helpers/release-fixture'
import { release, releaseProject } from './helpers/release-wechat'

// Up to two real compiles per release (the build's, unless reused from its cache, and
// miniprogram-ci's own), each a minute or more on a loaded 2-core machine: a limit for a hung
// compiler, not a speed check.
jest.setTimeout(600_000)

let projectDir: string
beforeAll(async () => {
  projectDir = await releaseProject()
})

describe('release through the real miniprogram-ci', () => {
  it('preview: sends the page and query, writes the QR code WeChat returns', async () => {
    const qrcode = path.join(projectDir, 'dist/qr/room-42.jpg')
    const { code, out, err, calls } = await release(projectDir, 'preview', ['--page', 'live/viewer/index', '--query', 'roomId=42', '--qrcode', qrcode, '--robot', '2'])
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
})
