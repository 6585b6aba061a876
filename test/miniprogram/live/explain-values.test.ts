/**
 * The explained goods on the wire (core/explain.ts) and the fake cloud's room extra info rules it
 * is written against (zego-platform.md §4.1–4.2; SDK 3.6.0 refuses an empty value itself).
 */
import { encodeExplain, explainFailureText, explainFromExtraInfo, explainKey, explainValueFits, utf8Bytes } from '../../../miniprogram/live/core/explain'
import { config } from '../../../miniprogram/config'
import { resetEngineBehaviour } from '../../fakes/zego-cloud'
import { FakeZegoEngine } from '../../fakes/zego-engine'

const entry = (key: string, value: string) => ({ key, value })

describe('explain values', () => {
  it('the key fits ZEGO’s 10 bytes; "nothing" is sent as a non-empty value and read back as ""', () => {
    expect(utf8Bytes(explainKey)).toBeLessThanOrEqual(10)
    expect(encodeExplain('g_0123456789abcdef')).toBe('g_0123456789abcdef')
    expect(encodeExplain('')).toBe('-')
    expect(explainFromExtraInfo([entry('explain', '-')])).toBe('')
    expect(explainFromExtraInfo([entry('explain', '')])).toBe('')
    expect(explainFromExtraInfo([entry('explain', 'g1')])).toBe('g1')
  })

  it('ignores other keys and values ZEGO could not have accepted', () => {
    expect(explainFromExtraInfo([])).toBeNull()
    expect(explainFromExtraInfo([entry('notice', 'g1')])).toBeNull()
    expect(explainFromExtraInfo([entry('notice', 'x'), entry('explain', 'g2')])).toBe('g2')
    expect(explainFromExtraInfo([entry('explain', '商'.repeat(43))])).toBeNull() // 129 bytes
    expect(explainFromExtraInfo([entry('explain', '商'.repeat(42))])).toBe('商'.repeat(42)) // 126 bytes
    expect(explainValueFits('g'.repeat(128))).toBe(true)
    expect(explainValueFits('g'.repeat(129))).toBe(false)
  })

  it('says what failed in one short line', () => {
    expect(explainFailureText({ goodsId: 'g1', code: 1002017, message: '' })).toBe('讲解商品没有同步给观众：直播间已有其他附加信息（1002017）')
    expect(explainFailureText({ goodsId: '', code: 1000017, message: 'x' })).toBe('停止讲解没有同步给观众（错误码 1000017）')
    expect(explainFailureText({ goodsId: 'g1', code: 0, message: '还没有进入直播间' })).toBe('讲解商品没有同步给观众：还没有进入直播间')
  })
})

describe('fake cloud: room extra info', () => {
  beforeEach(() => resetEngineBehaviour())

  async function member(userID: string): Promise<FakeZegoEngine> {
    const e = new FakeZegoEngine(config.zegoAppId, config.zegoServer)
    await e.loginRoom('room-x', 't', { userID })
    return e
  }

  it('answers like the SDK: empty value 1100001, long key 1002015, long value 1002016, second key 1002017, not in room 1002014', async () => {
    const a = await member('a')
    await expect(a.setRoomExtraInfo('room-x', 'explain', '')).rejects.toMatchObject({ errorCode: 1100001 })
    await expect(a.setRoomExtraInfo('room-x', 'k'.repeat(11), 'v')).rejects.toMatchObject({ errorCode: 1002015 })
    await expect(a.setRoomExtraInfo('room-x', 'explain', 'v'.repeat(129))).rejects.toMatchObject({ errorCode: 1002016 })
    await expect(a.setRoomExtraInfo('room-x', 'explain', 'g1')).resolves.toEqual({ errorCode: 0, extendedData: '' })
    await expect(a.setRoomExtraInfo('room-x', 'notice', 'hi')).rejects.toMatchObject({ errorCode: 1002017 })
    await expect(a.setRoomExtraInfo('room-y', 'explain', 'g1')).rejects.toMatchObject({ errorCode: 1002014 })
    a.logoutRoom('room-x')
    a.destroyEngine()
  })

  it('delivers a change to the other members, not to the sender, and to later members on login', async () => {
    const a = await member('a')
    const b = await member('b')
    const heard = { a: [] as string[], b: [] as string[], c: [] as string[] }
    a.on('roomExtraInfoUpdate', (_r, list) => heard.a.push(list.map((i) => `${i.key}=${i.value}@${i.updateUser.userID}`).join()))
    b.on('roomExtraInfoUpdate', (_r, list) => heard.b.push(list.map((i) => `${i.key}=${i.value}@${i.updateUser.userID}`).join()))
    await a.setRoomExtraInfo('room-x', 'explain', 'g1')
    const c = new FakeZegoEngine(config.zegoAppId, config.zegoServer)
    c.on('roomExtraInfoUpdate', (_r, list) => heard.c.push(list.map((i) => `${i.key}=${i.value}`).join()))
    await c.loginRoom('room-x', 't', { userID: 'c' })
    expect(heard).toEqual({ a: [], b: ['explain=g1@a'], c: ['explain=g1'] })
    for (const e of [a, b, c]) {
      e.logoutRoom('room-x')
      e.destroyEngine()
    }
  })
})
