import crypto from 'node:crypto'
import type { LoginResponse, Room, RoomReminderResponse } from '../../miniprogram/core/api-types'
import { DEV_MODE_REMINDER_NOTICE } from '../../server/src/reminders/reminder-dispatcher'
import { chinaDateTime, templateTitle } from '../../server/src/reminders/reminder-message'
import { zegoCallbackSignature } from '../../server/src/zego/callback-signature'
import { FakeWechatApi } from '../fakes/wechat-api'
import { bearer, createTestServer, TEST_ZEGO_APP_ID, type TestServer } from './support/test-server'

const SEND = '/cgi-bin/message/subscribe/send'
const TEMPLATE_ID = 'tmpl-Live_Reminder-0123456789abcdefghijklmno'
const CALLBACK_SECRET = 'zego-callback-secret-0123456789'
const reminderEnv = { WECHAT_LIVE_TEMPLATE_ID: TEMPLATE_ID, WECHAT_LIVE_TEMPLATE_FIELDS: 'title:thing1,start:time2' }

/** Waits (a bounded number of event-loop turns) for something another part of the system does. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2))
  expect(condition()).toBe(true)
}

describe('message helpers', () => {
  it('keeps a title within the 20 characters of a thing keyword, counting code points', () => {
    expect(templateTitle(' 今晚福利 ')).toBe('今晚福利')
    expect(templateTitle('一二三四五六七八九十一二三四五六七八九十')).toBe('一二三四五六七八九十一二三四五六七八九十')
    const cut = templateTitle('😀'.repeat(25))
    expect([...cut]).toHaveLength(20)
    expect(cut).toBe(`${'😀'.repeat(19)}…`)
  })

  it('writes times in China time, whatever the server zone', () => {
    expect(chinaDateTime(Date.UTC(2026, 10, 21, 16, 5, 59) / 1000)).toBe('2026-11-22 00:05')
  })
})

describe('room reminders (WeChat subscription messages)', () => {
  let wechat: FakeWechatApi
  let server: TestServer
  let admin: LoginResponse
  let anchor: LoginResponse
  let alice: LoginResponse
  let bob: LoginResponse
  let carol: LoginResponse

  beforeAll(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    server = await createTestServer({ wechat, env: { ...reminderEnv, ZEGO_CALLBACK_SECRET: CALLBACK_SECRET } })
    admin = await server.signIn('rem-admin', 'admin')
    anchor = await server.signIn('rem-anchor', 'anchor')
    alice = await server.signIn('openid-alice')
    bob = await server.signIn('openid-bob')
    carol = await server.signIn('openid-carol')
  })

  afterAll(async () => {
    await server.close()
    await wechat.close()
  })

  beforeEach(() => {
    wechat.clearFaults()
    wechat.refusedOpenids.clear()
    wechat.subscribeSendGate = null
    wechat.ledger.length = 0
    wechat.subscribeSendAnswers.length = 0
  })

  const createRoom = async (title = '今晚福利专场'): Promise<Room> => {
    const res = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title, anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
    expect(res.statusCode).toBe(201)
    return res.json<{ room: Room }>().room
  }
  const remind = (login: LoginResponse | null, roomId: string, payload: unknown = {}) =>
    server.request({ method: 'POST', url: `/api/rooms/${roomId}/reminders`, headers: login === null ? {} : bearer(login), payload })
  const cancel = (login: LoginResponse, roomId: string) => server.request({ method: 'DELETE', url: `/api/rooms/${roomId}/reminders`, headers: bearer(login) })
  const reminded = async (login: LoginResponse, roomId: string): Promise<boolean> =>
    (await server.request({ url: `/api/rooms/${roomId}/reminders/me`, headers: bearer(login) })).json<RoomReminderResponse>().reminded
  const report = async (roomId: string, status: 'live' | 'ended'): Promise<void> => {
    const res = await server.request({ method: 'POST', url: `/api/rooms/${roomId}/status`, headers: bearer(anchor), payload: { status } })
    expect(res.statusCode).toBe(200)
  }
  /** Lets every send started so far finish. */
  const sendingDone = () => server.handles.reminderDispatcher.idle()
  const sentTo = (): unknown[] => wechat.callsTo(SEND).map((c) => c.body?.touser)

  it('records a reminder once, says whether I have one, and cancels it', async () => {
    const room = await createRoom()
    const first = await remind(alice, room.id)
    expect(first.statusCode).toBe(201)
    expect(first.json()).toEqual({ reminded: true })
    const again = await remind(alice, room.id)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ reminded: true })
    expect(await reminded(alice, room.id)).toBe(true)
    expect(await reminded(bob, room.id)).toBe(false)

    expect((await cancel(alice, room.id)).statusCode).toBe(204)
    expect(await reminded(alice, room.id)).toBe(false)
    expect((await cancel(alice, room.id)).statusCode).toBe(204)
    // Nothing is sent while a room is only being subscribed to.
    expect(wechat.callsTo(SEND)).toHaveLength(0)
  })

  it('answers 404 for an unknown room, 409 for a room that is not upcoming, 400 for body fields, 401 without a session', async () => {
    expect((await remind(alice, 'room_missing')).json()).toMatchObject({ error: 'not_found' })
    expect((await remind(alice, 'room_missing')).statusCode).toBe(404)
    expect((await cancel(alice, 'room_missing')).statusCode).toBe(404)
    expect((await server.request({ url: '/api/rooms/room_missing/reminders/me', headers: bearer(alice) })).statusCode).toBe(404)

    const room = await createRoom()
    await report(room.id, 'live')
    const live = await remind(alice, room.id)
    expect(live.statusCode).toBe(409)
    expect(live.json()).toMatchObject({ error: 'room_not_upcoming' })
    await report(room.id, 'ended')
    expect((await remind(alice, room.id)).statusCode).toBe(409)

    const upcoming = await createRoom()
    const extra = await remind(alice, upcoming.id, { roomId: upcoming.id })
    expect(extra.statusCode).toBe(400)
    expect(extra.json()).toMatchObject({ error: 'bad_request', field: 'roomId' })
    const bad = await server.request({ method: 'POST', url: '/api/rooms/bad%20id/reminders', headers: bearer(alice), payload: {} })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ field: 'id' })

    const anonymous = await remind(null, upcoming.id)
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({ error: 'unauthorized', field: 'authorization' })
    expect((await server.request({ url: `/api/rooms/${upcoming.id}/reminders/me` })).statusCode).toBe(401)
    expect((await server.request({ method: 'DELETE', url: `/api/rooms/${upcoming.id}/reminders` })).statusCode).toBe(401)
  })

  it('going live sends one message per pending reminder, with the exact body, and marks them sent', async () => {
    const room = await createRoom('品牌周年庆直播间：咖啡豆、挂耳、手冲壶全场五折起')
    await remind(alice, room.id)
    await remind(bob, room.id)
    await remind(carol, room.id)
    await cancel(carol, room.id)

    server.clock.advanceSeconds(60)
    await report(room.id, 'live')
    await sendingDone()

    const calls = wechat.callsTo(SEND)
    expect(calls.map((c) => c.body?.touser).sort()).toEqual(['openid-alice', 'openid-bob'])
    // The token goes in the URL only, and it is one WeChat issued.
    for (const call of calls) expect(wechat.issuedTokens).toContain(call.query.access_token)
    const byAlice = calls.find((c) => c.body?.touser === 'openid-alice')
    // 2026-11-21 04:01 UTC is 12:01 in China.
    expect(byAlice?.body).toEqual({
      touser: 'openid-alice',
      template_id: TEMPLATE_ID,
      page: `live/viewer/index?roomId=${room.id}`,
      data: { thing1: { value: '品牌周年庆直播间：咖啡豆、挂耳、手冲壶…' }, time2: { value: '2026-11-21 12:01' } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    })
    expect([...'品牌周年庆直播间：咖啡豆、挂耳、手冲壶…']).toHaveLength(20)
    expect(await reminded(alice, room.id)).toBe(false)
    expect(await reminded(bob, room.id)).toBe(false)

    // A second live (ended → live again) reminds no one twice.
    await report(room.id, 'ended')
    await report(room.id, 'live')
    // Repeating live changes nothing and sends nothing either.
    await report(room.id, 'live')
    await sendingDone()
    expect(wechat.callsTo(SEND)).toHaveLength(2)
  })

  it('marks a reminder WeChat refuses with 43101 as sent, and logs it at info', async () => {
    const room = await createRoom()
    await remind(alice, room.id)
    await remind(bob, room.id)
    wechat.refusedOpenids.add('openid-alice')

    await report(room.id, 'live')
    await sendingDone()
    expect(wechat.subscribeSendAnswers.map((a) => [a.touser, a.errcode]).sort()).toEqual([['openid-alice', 43101], ['openid-bob', 0]])
    expect(await reminded(alice, room.id)).toBe(false)
    const refusal = server.logs.map((l) => JSON.parse(l) as { level: number; msg: string; userId?: string }).find((l) => l.msg.includes('43101'))
    expect(refusal).toMatchObject({ level: 30, userId: alice.user.id })

    await report(room.id, 'ended')
    await report(room.id, 'live')
    await sendingDone()
    expect(wechat.callsTo(SEND)).toHaveLength(2)
  })

  it('keeps a reminder that failed with a 5xx pending, and sends it on the next live', async () => {
    const room = await createRoom()
    await remind(alice, room.id)
    await remind(bob, room.id)
    wechat.injectFault(SEND, { kind: 'http', status: 502 })

    await report(room.id, 'live')
    await sendingDone()
    expect(wechat.callsTo(SEND)).toHaveLength(2)
    const failed = wechat.callsTo(SEND)[0]?.body?.touser
    const delivered = wechat.subscribeSendAnswers.map((a) => a.touser)
    expect(delivered).toHaveLength(1)
    expect(delivered).not.toContain(failed)
    const failedLogin = failed === 'openid-alice' ? alice : bob
    expect(await reminded(failedLogin, room.id)).toBe(true)
    expect(await reminded(failedLogin === alice ? bob : alice, room.id)).toBe(false)

    await report(room.id, 'ended')
    await report(room.id, 'live')
    await sendingDone()
    expect(sentTo()).toEqual([...sentTo().slice(0, 2), failed])
    expect(await reminded(failedLogin, room.id)).toBe(false)
    const logText = server.logs.join('\n')
    expect(logText).toContain('room reminder not sent; kept for the next live')
    for (const token of wechat.issuedTokens) expect(logText).not.toContain(token)
    expect(logText).not.toContain(wechat.appSecret)
  })

  it('refreshes a rejected access token once and sends', async () => {
    const room = await createRoom()
    await remind(alice, room.id)
    wechat.revokeTokens()
    await report(room.id, 'live')
    await sendingDone()
    expect(wechat.callsTo(SEND)).toHaveLength(2)
    expect(wechat.subscribeSendAnswers.map((a) => a.errcode)).toEqual([40001, 0])
    expect(await reminded(alice, room.id)).toBe(false)
  })

  it('sends when a ZEGO stream callback sets the room live', async () => {
    const room = await createRoom()
    await remind(alice, room.id)
    const timestamp = String(Math.floor(server.clock.nowMs() / 1000))
    const nonce = String(crypto.randomInt(1_000_000, 9_999_999))
    const callback = await server.request({
      method: 'POST',
      url: '/api/zego/callback',
      payload: {
        event: 'stream_create',
        appid: String(TEST_ZEGO_APP_ID),
        timestamp,
        nonce,
        signature: zegoCallbackSignature(CALLBACK_SECRET, timestamp, nonce),
        room_id: room.id,
        stream_id: room.streamId,
        create_time_ms: String(server.clock.nowMs()),
      },
    })
    expect(callback.json()).toEqual({ ok: true, applied: 'live' })
    await sendingDone()
    expect(sentTo()).toEqual(['openid-alice'])
  })

  it('answers the status change before WeChat has answered any message', async () => {
    const room = await createRoom()
    await remind(alice, room.id)
    let release = (): void => undefined
    wechat.subscribeSendGate = new Promise<void>((resolve) => {
      release = resolve
    })

    // Were the route waiting for the send, this would never resolve: the fake holds its answer.
    await report(room.id, 'live')
    expect(wechat.subscribeSendAnswers).toHaveLength(0)
    await until(() => wechat.callsTo(SEND).length === 1)
    expect(wechat.subscribeSendAnswers).toHaveLength(0)
    expect(await reminded(alice, room.id)).toBe(true)

    release()
    await sendingDone()
    expect(wechat.subscribeSendAnswers).toEqual([{ touser: 'openid-alice', errcode: 0 }])
    expect(await reminded(alice, room.id)).toBe(false)
  })

  it('sends at most 5 messages at a time', async () => {
    const room = await createRoom()
    const shoppers = await Promise.all(Array.from({ length: 8 }, (_, i) => server.signIn(`openid-many-${i}`)))
    for (const shopper of shoppers) await remind(shopper, room.id)
    let release = (): void => undefined
    wechat.subscribeSendGate = new Promise<void>((resolve) => {
      release = resolve
    })
    await report(room.id, 'live')
    await until(() => wechat.callsTo(SEND).length === 5)
    // Give the dispatcher every chance to start a sixth before any answer arrives.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(wechat.callsTo(SEND)).toHaveLength(5)
    release()
    await sendingDone()
    expect(wechat.callsTo(SEND)).toHaveLength(8)
  })
})

describe('room reminders without a template or without WeChat', () => {
  it('answers 503 reminders_not_configured without WECHAT_LIVE_TEMPLATE_ID', async () => {
    const server = await createTestServer()
    try {
      const admin = await server.signIn('nt-admin', 'admin')
      const anchor = await server.signIn('nt-anchor', 'anchor')
      const shopper = await server.signIn('nt-shopper')
      const created = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'x', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
      const roomId = created.json<{ room: Room }>().room.id
      for (const req of [
        { method: 'POST' as const, url: `/api/rooms/${roomId}/reminders`, payload: {} },
        { method: 'DELETE' as const, url: `/api/rooms/${roomId}/reminders` },
        { method: 'GET' as const, url: `/api/rooms/${roomId}/reminders/me` },
      ]) {
        const res = await server.request({ ...req, headers: bearer(shopper) })
        expect(res.statusCode).toBe(503)
        expect(res.json()).toMatchObject({ error: 'reminders_not_configured' })
      }
    } finally {
      await server.close()
    }
  })

  it('records reminders in dev mode but sends none, and says so once', async () => {
    const server = await createTestServer({ env: reminderEnv })
    try {
      const admin = await server.signIn('dev-admin', 'admin')
      const anchor = await server.signIn('dev-anchor', 'anchor')
      const shopper = await server.signIn('dev-shopper')
      const created = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'x', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
      const roomId = created.json<{ room: Room }>().room.id
      expect((await server.request({ method: 'POST', url: `/api/rooms/${roomId}/reminders`, headers: bearer(shopper), payload: {} })).statusCode).toBe(201)
      for (const status of ['live', 'ended', 'live']) {
        await server.request({ method: 'POST', url: `/api/rooms/${roomId}/status`, headers: bearer(anchor), payload: { status } })
      }
      await server.handles.reminderDispatcher.idle()
      expect(server.logs.filter((l) => l.includes(DEV_MODE_REMINDER_NOTICE))).toHaveLength(1)
      const me = await server.request({ url: `/api/rooms/${roomId}/reminders/me`, headers: bearer(shopper) })
      expect(me.json()).toEqual({ reminded: true })
    } finally {
      await server.close()
    }
  })
})
