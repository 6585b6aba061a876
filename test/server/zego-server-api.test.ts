import { createHash } from 'node:crypto'
import { ZegoApiError, ZegoServerApi, signZegoRequest } from '../../server/src/zego/server-api'
import { FakeZegoServerApi } from '../fakes/zego-server-api'

describe('signZegoRequest', () => {
  it('matches the worked example in ZEGO’s documentation', () => {
    expect(signZegoRequest(12345, '4fd24687296dd9f3', '9193cc662a4c0ec135ec71fb57194b38', 1615186943)).toBe('43e5cfcca828314675f91b001390566a')
  })
})

describe('ZegoServerApi.sendBarrageMessage against the fake', () => {
  const appId = 12345
  const secret = '9193cc662a4c0ec135ec71fb57194b38'
  const now = 1615186943
  let zego: FakeZegoServerApi

  beforeEach(async () => {
    zego = new FakeZegoServerApi(appId, secret, () => now)
    await zego.start()
  })

  afterEach(() => zego.close())

  const client = (nowMs: number, overrides: Partial<{ serverSecret: string; timeoutMs: number }> = {}) =>
    new ZegoServerApi({
      baseUrl: zego.baseUrl,
      appId,
      serverSecret: overrides.serverSecret ?? secret,
      timeoutMs: overrides.timeoutMs ?? 300,
      nowMs: () => nowMs,
      randomBytes: (size) => Buffer.from('4fd24687296dd9f3', 'hex').subarray(0, size),
    })

  it('signs with the injected nonce and clock and encodes the content without ambiguity', async () => {
    const content = '好看！ a+b=c & 100% 🎉'
    const { messageId } = await client(now * 1000).sendBarrageMessage({ roomId: 'room_1', userId: 'u_1', userName: '观众 u_1', content })
    expect(messageId).toMatch(/^\d+$/)
    const [call] = zego.ledger
    expect(call?.params).toEqual({
      Action: 'SendBarrageMessage',
      AppId: '12345',
      SignatureNonce: '4fd24687296dd9f3',
      Timestamp: '1615186943',
      SignatureVersion: '2.0',
      Signature: '43e5cfcca828314675f91b001390566a',
      RoomId: 'room_1',
      UserId: 'u_1',
      UserName: '观众 u_1',
      MessageCategory: '2',
      MessageContent: content,
    })
    // Spaces are %20, never `+`, which a decoder could not tell from a literal plus.
    expect(call?.rawQuery).not.toMatch(/\+/)
    expect(call?.signature).toBe('ok')
  })

  it('is refused by ZEGO outside the 10-minute window or with another secret', async () => {
    const expired = client((now - 601) * 1000).sendBarrageMessage({ roomId: 'r', userId: 'u', userName: 'n', content: 'hi' })
    await expect(expired).rejects.toMatchObject({ failure: 'code', code: 100000004 })
    const wrong = client(now * 1000, { serverSecret: 'x'.repeat(32) }).sendBarrageMessage({ roomId: 'r', userId: 'u', userName: 'n', content: 'hi' })
    await expect(wrong).rejects.toMatchObject({ failure: 'code', code: 100000005 })
    expect(zego.ledger.map((c) => c.signature)).toEqual(['expired', 'wrong'])
  })

  it('turns HTTP errors and timeouts into ZegoApiError without the URL or the signature', async () => {
    zego.injectFault({ kind: 'http', status: 503 })
    zego.injectFault({ kind: 'timeout' })
    const send = () => client(now * 1000).sendBarrageMessage({ roomId: 'r', userId: 'u', userName: 'n', content: 'hi' })
    const http = await send().catch((err: unknown) => err)
    const timeout = await send().catch((err: unknown) => err)
    expect(http).toBeInstanceOf(ZegoApiError)
    expect(http).toMatchObject({ failure: 'http', httpStatus: 503 })
    expect(timeout).toMatchObject({ failure: 'timeout' })
    const signature = createHash('md5').update(`${appId}4fd24687296dd9f3${secret}${now}`).digest('hex')
    for (const err of [http, timeout]) {
      expect(String((err as Error).message)).not.toContain(signature)
      expect(String((err as Error).message)).not.toContain(zego.baseUrl)
    }
  })

  it('refuses content over 1024 bytes before calling ZEGO', async () => {
    const tooLong = client(now * 1000).sendBarrageMessage({ roomId: 'r', userId: 'u', userName: 'n', content: '好'.repeat(342) })
    await expect(tooLong).rejects.toMatchObject({ code: 50012 })
    expect(zego.ledger).toHaveLength(0)
  })
})
