import crypto from 'node:crypto'
import type { LoginResponse, Room, RoomDetailResponse } from '../../miniprogram/core/api-types'
import { zegoCallbackSignature } from '../../server/src/zego/callback-signature'
import { bearer, createTestServer, TEST_ZEGO_APP_ID, type TestServer } from './support/test-server'

const CALLBACK_SECRET = 'zego-callback-secret-0123456789'

describe('ZEGO callback signature', () => {
  it('matches the worked example in ZEGO\'s documentation', () => {
    expect(zegoCallbackSignature('secret', '1470820198', '123412')).toBe('5bd59fd62953a8059fb7eaba95720f66d19e4517')
  })
})

describe('POST /api/zego/callback (stream events keep room status true)', () => {
  let server: TestServer
  let admin: LoginResponse
  let anchor: LoginResponse

  beforeAll(async () => {
    server = await createTestServer({ env: { ZEGO_CALLBACK_SECRET: CALLBACK_SECRET } })
    admin = await server.signIn('callback-admin', 'admin')
    anchor = await server.signIn('callback-anchor', 'anchor')
  })

  afterAll(() => server.close())

  const nowSeconds = (): number => Math.floor(server.clock.nowMs() / 1000)

  const createRoom = async (): Promise<Room> => {
    const res = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'Evening', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
    expect(res.statusCode).toBe(201)
    return res.json<{ room: Room }>().room
  }

  /** A callback as ZEGO posts it: every value a string, signed with the callback secret. */
  const signed = (fields: Record<string, string>, secret = CALLBACK_SECRET): Record<string, string> => {
    const timestamp = String(nowSeconds())
    const nonce = String(crypto.randomInt(1_000_000, 9_999_999))
    return { appid: String(TEST_ZEGO_APP_ID), timestamp, nonce, signature: zegoCallbackSignature(secret, timestamp, nonce), ...fields }
  }

  const streamEvent = (event: 'stream_create' | 'stream_close', room: Room, createTimeMs: number, over: Record<string, string> = {}) =>
    signed({ event, room_id: room.id, stream_id: room.streamId, stream_sid: 's-1', create_time_ms: String(createTimeMs), user_id: room.anchorUserId, ...over })

  const post = (payload: unknown) => server.request({ method: 'POST', url: '/api/zego/callback', payload })
  const statusOf = async (roomId: string): Promise<Room['status']> => (await server.request({ url: `/api/rooms/${roomId}` })).json<RoomDetailResponse>().room.status

  it('marks the room live on stream_create and ended on stream_close; retries change nothing', async () => {
    const room = await createRoom()
    const created = nowSeconds() * 1000
    const live = await post(streamEvent('stream_create', room, created))
    expect(live.statusCode).toBe(200)
    expect(live.json()).toEqual({ ok: true, applied: 'live' })
    expect(await statusOf(room.id)).toBe('live')
    // ZEGO retries a callback it thinks failed: the same event again is harmless.
    expect((await post(streamEvent('stream_create', room, created))).json()).toEqual({ ok: true, applied: null })

    server.clock.advanceSeconds(1800)
    const closed = await post(streamEvent('stream_close', room, created, { type: '1' }))
    expect(closed.json()).toEqual({ ok: true, applied: 'ended' })
    expect(await statusOf(room.id)).toBe('ended')
  })

  it('ignores a late close of an earlier stream once the anchor is live again', async () => {
    const room = await createRoom()
    const firstStream = nowSeconds() * 1000
    await post(streamEvent('stream_create', room, firstStream))
    server.clock.advanceSeconds(600)
    await post(streamEvent('stream_close', room, firstStream))
    server.clock.advanceSeconds(600)
    // The anchor's console reports the new live itself.
    expect((await server.request({ method: 'POST', url: `/api/rooms/${room.id}/status`, headers: bearer(anchor), payload: { status: 'live' } })).statusCode).toBe(200)
    // The first stream's close is delivered again, out of order.
    expect((await post(streamEvent('stream_close', room, firstStream))).json()).toEqual({ ok: true, applied: null })
    expect(await statusOf(room.id)).toBe('live')
  })

  it('ignores a create delivered after the close of the same stream', async () => {
    const room = await createRoom()
    const created = nowSeconds() * 1000
    server.clock.advanceSeconds(900)
    await post(streamEvent('stream_close', room, created))
    expect(await statusOf(room.id)).toBe('ended')
    expect((await post(streamEvent('stream_create', room, created))).json()).toEqual({ ok: true, applied: null })
    expect(await statusOf(room.id)).toBe('ended')
  })

  describe('late and repeated callbacks leave an ended room ended', () => {
    const anchorReports = (room: Room, status: 'live' | 'ended', session?: string) =>
      server.request({ method: 'POST', url: `/api/rooms/${room.id}/status`, headers: bearer(anchor), payload: session === undefined ? { status } : { status, session } })

    it('a close delivered again, and a create delivered again after it, change nothing', async () => {
      const room = await createRoom()
      const a = nowSeconds() * 1000
      await post(streamEvent('stream_create', room, a))
      server.clock.advanceSeconds(600)
      expect((await post(streamEvent('stream_close', room, a))).json()).toEqual({ ok: true, applied: 'ended' })
      server.clock.advanceSeconds(30)
      const answers = [await post(streamEvent('stream_close', room, a)), await post(streamEvent('stream_create', room, a)), await post(streamEvent('stream_create', room, a))]
      expect(answers.map((r) => r.json())).toEqual([0, 1, 2].map(() => ({ ok: true, applied: null })))
      expect(await statusOf(room.id)).toBe('ended')
    })

    it('a create older than the last applied close never revives the room, even one never seen before', async () => {
      const room = await createRoom()
      const older = nowSeconds() * 1000
      server.clock.advanceSeconds(60)
      const newer = nowSeconds() * 1000
      await post(streamEvent('stream_create', room, newer))
      server.clock.advanceSeconds(600)
      await post(streamEvent('stream_close', room, newer))
      expect((await post(streamEvent('stream_create', room, older))).json()).toEqual({ ok: true, applied: null })
      expect(await statusOf(room.id)).toBe('ended')
    })

    it('a create that arrives after the console ended the live, for a stream made before the end, is stale', async () => {
      const room = await createRoom()
      const a = nowSeconds() * 1000
      expect((await anchorReports(room, 'live')).statusCode).toBe(200)
      server.clock.advanceSeconds(900)
      expect((await anchorReports(room, 'ended')).statusCode).toBe(200)
      server.clock.advanceSeconds(20)
      expect((await post(streamEvent('stream_create', room, a))).json()).toEqual({ ok: true, applied: null })
      expect(await statusOf(room.id)).toBe('ended')
    })

    it('a genuinely new stream session after the end still goes live', async () => {
      const room = await createRoom()
      const first = nowSeconds() * 1000
      await post(streamEvent('stream_create', room, first))
      server.clock.advanceSeconds(600)
      await post(streamEvent('stream_close', room, first))
      server.clock.advanceSeconds(600)
      const second = nowSeconds() * 1000
      expect((await post(streamEvent('stream_create', room, second, { stream_sid: 's-2' }))).json()).toEqual({ ok: true, applied: 'live' })
      // The first session's events, delivered again, do not touch the second live.
      expect((await post(streamEvent('stream_close', room, first))).json()).toEqual({ ok: true, applied: null })
      expect(await statusOf(room.id)).toBe('live')
    })

    it('a kick-out by the anchor’s second device: the first session’s close does not end the second, in either order', async () => {
      const inOrder = await createRoom()
      const a = nowSeconds() * 1000
      await post(streamEvent('stream_create', inOrder, a))
      server.clock.advanceSeconds(300)
      const b = nowSeconds() * 1000
      await post(streamEvent('stream_create', inOrder, b, { stream_sid: 's-2' }))
      expect((await post(streamEvent('stream_close', inOrder, a, { type: '3' }))).json()).toEqual({ ok: true, applied: null })
      expect(await statusOf(inOrder.id)).toBe('live')

      const closeFirst = await createRoom()
      const c = nowSeconds() * 1000
      await post(streamEvent('stream_create', closeFirst, c))
      server.clock.advanceSeconds(300)
      const d = nowSeconds() * 1000
      expect((await post(streamEvent('stream_close', closeFirst, c, { type: '2' }))).json()).toEqual({ ok: true, applied: 'ended' })
      expect((await post(streamEvent('stream_create', closeFirst, d, { stream_sid: 's-2' }))).json()).toEqual({ ok: true, applied: 'live' })
      expect(await statusOf(closeFirst.id)).toBe('live')
    })

    it('the old console’s ended report does not end the live its anchor’s second device runs', async () => {
      const room = await createRoom()
      expect((await anchorReports(room, 'live', 'device-one-session')).statusCode).toBe(200)
      server.clock.advanceSeconds(300)
      expect((await anchorReports(room, 'live', 'device-two-session')).statusCode).toBe(200)
      // The first device's page was kicked out; it closes and reports its end.
      const stale = await anchorReports(room, 'ended', 'device-one-session')
      expect({ status: stale.statusCode, room: stale.json<RoomDetailResponse>().room.status }).toEqual({ status: 200, room: 'live' })
      expect(await statusOf(room.id)).toBe('live')
      // The second device ends it; a late live report of the first session cannot revive it.
      expect((await anchorReports(room, 'ended', 'device-two-session')).json<RoomDetailResponse>().room.status).toBe('ended')
      expect((await anchorReports(room, 'live', 'device-two-session')).json<RoomDetailResponse>().room.status).toBe('ended')
      // A new live from either device is a new session and goes live.
      expect((await anchorReports(room, 'live', 'device-one-second-live')).json<RoomDetailResponse>().room.status).toBe('live')
    })

    it('answers 400 naming session for a malformed console session', async () => {
      const room = await createRoom()
      const res = await anchorReports(room, 'live', 'bad session!')
      expect({ status: res.statusCode, field: res.json().field }).toEqual({ status: 400, field: 'session' })
    })
  })

  it('acts only on the room\'s own anchor stream, and answers 200 for rooms and events that are not ours', async () => {
    const room = await createRoom()
    const now = nowSeconds() * 1000
    expect((await post(streamEvent('stream_create', room, now, { stream_id: `${room.id}_guest_main` }))).json()).toEqual({ ok: true, applied: null })
    expect((await post(streamEvent('stream_create', room, now, { room_id: 'room_elsewhere' }))).json()).toEqual({ ok: true, applied: null })
    expect((await post(signed({ event: 'room_login', room_id: room.id, user_id: 'u1' }))).json()).toEqual({ ok: true, applied: null })
    expect(await statusOf(room.id)).toBe('scheduled')
  })

  it('never revives a cancelled room', async () => {
    const room = await createRoom()
    await server.request({ method: 'PATCH', url: `/api/rooms/${room.id}`, headers: bearer(admin), payload: { status: 'cancelled' } })
    expect((await post(streamEvent('stream_create', room, nowSeconds() * 1000))).json()).toEqual({ ok: true, applied: null })
    expect(await statusOf(room.id)).toBe('cancelled')
  })

  it('URL-decodes values, as ZEGO asks', async () => {
    const room = await createRoom()
    const body = streamEvent('stream_create', room, nowSeconds() * 1000)
    const res = await post({ ...body, room_id: encodeURIComponent(room.id), stream_id: encodeURIComponent(room.streamId) })
    expect(res.json()).toEqual({ ok: true, applied: 'live' })
  })

  it('accepts numbers where ZEGO documents strings', async () => {
    const room = await createRoom()
    const body = streamEvent('stream_create', room, nowSeconds() * 1000)
    const res = await post({ ...body, appid: TEST_ZEGO_APP_ID, timestamp: Number(body.timestamp), create_time_ms: Number(body.create_time_ms) })
    expect(res.json()).toEqual({ ok: true, applied: 'live' })
  })

  describe('refuses what it cannot trust or read, naming the field', () => {
    let room: Room
    beforeAll(async () => {
      room = await createRoom()
    })

    it.each([
      ['a wrong signature', () => streamEvent('stream_create', room, 1, { signature: 'f'.repeat(40) }), 401, 'signature'],
      ['a signature made with another secret', () => ({ ...signed({ event: 'stream_create', room_id: room.id, stream_id: room.streamId, create_time_ms: '1' }, 'another-secret-0123456789') }), 401, 'signature'],
      ['another ZEGO project', () => streamEvent('stream_create', room, 1, { appid: '42' }), 400, 'appid'],
      ['no signature', () => { const { signature: _s, ...rest } = streamEvent('stream_create', room, 1); return rest }, 400, 'signature'],
      ['no room_id', () => { const { room_id: _r, ...rest } = streamEvent('stream_create', room, 1); return rest }, 400, 'room_id'],
      ['no create_time_ms', () => { const { create_time_ms: _c, ...rest } = streamEvent('stream_create', room, 1); return rest }, 400, 'create_time_ms'],
    ])('%s', async (_name, make, status, field) => {
      const res = await post(make())
      expect(res.statusCode).toBe(status)
      expect(res.json()).toMatchObject({ field })
      expect(await statusOf(room.id)).toBe('scheduled')
    })

    it('a callback signed long ago (a replay)', async () => {
      const old = streamEvent('stream_create', room, nowSeconds() * 1000)
      server.clock.advanceSeconds(3600)
      const res = await post(old)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ field: 'timestamp' })
      expect(await statusOf(room.id)).toBe('scheduled')
    })
  })
})

describe('POST /api/zego/callback without ZEGO_CALLBACK_SECRET', () => {
  it('answers 503 saying what to configure', async () => {
    const server = await createTestServer()
    try {
      const res = await server.request({ method: 'POST', url: '/api/zego/callback', payload: { event: 'stream_create', appid: '1', timestamp: '1', nonce: '1', signature: 'x' } })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ error: 'zego_callback_not_configured' })
      expect(String(res.json().message)).toContain('ZEGO_CALLBACK_SECRET')
    } finally {
      await server.close()
    }
  })
})
