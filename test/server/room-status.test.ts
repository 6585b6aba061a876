import type { LoginResponse, Room, RoomDetailResponse, RoomListResponse } from '../../miniprogram/core/api-types'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('POST /api/rooms/:id/status (the anchor reports the live)', () => {
  let server: TestServer
  let admin: LoginResponse
  let anchor: LoginResponse
  let otherAnchor: LoginResponse
  let shopper: LoginResponse

  beforeAll(async () => {
    server = await createTestServer()
    admin = await server.signIn('status-admin', 'admin')
    anchor = await server.signIn('status-anchor', 'anchor')
    otherAnchor = await server.signIn('status-other-anchor', 'anchor')
    shopper = await server.signIn('status-shopper')
  })

  afterAll(() => server.close())

  const createRoom = async (over: Record<string, unknown> = {}): Promise<Room> => {
    const res = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'Evening', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000, ...over } })
    expect(res.statusCode).toBe(201)
    return res.json<{ room: Room }>().room
  }

  const report = (login: LoginResponse | null, roomId: string, payload: unknown) =>
    server.request({ method: 'POST', url: `/api/rooms/${roomId}/status`, headers: login === null ? {} : bearer(login), payload })

  const detail = async (roomId: string): Promise<RoomDetailResponse> => (await server.request({ url: `/api/rooms/${roomId}` })).json<RoomDetailResponse>()

  it('anchor marks the room live, then ended; detail and list follow; times are recorded', async () => {
    const goods = await server.request({ method: 'POST', url: '/api/goods', headers: bearer(admin), payload: { title: 'Beans', priceFen: 100, stock: 1, status: 'on_sale' } })
    const goodsId = goods.json<{ goods: { id: string } }>().goods.id
    const room = await createRoom({ shelf: [goodsId] })
    expect(room).toMatchObject({ status: 'scheduled', liveStartedAt: null, liveEndedAt: null })

    server.clock.advanceSeconds(60)
    const startedAt = Math.floor(server.clock.nowMs() / 1000)
    const live = await report(anchor, room.id, { status: 'live' })
    expect(live.statusCode).toBe(200)
    const liveBody = live.json<RoomDetailResponse>()
    // Same shape as GET /api/rooms/:id.
    expect(liveBody).toEqual(await detail(room.id))
    expect(liveBody.room).toMatchObject({ status: 'live', liveStartedAt: startedAt, liveEndedAt: null, updatedAt: startedAt })
    expect(liveBody.shelfGoods.map((g) => g.id)).toEqual([goodsId])
    const listed = (await server.request({ url: `/api/rooms?status=live&anchorUserId=${anchor.user.id}` })).json<RoomListResponse>()
    expect(listed.rooms.map((r) => [r.id, r.status])).toEqual([[room.id, 'live']])

    server.clock.advanceSeconds(3600)
    const ended = await report(anchor, room.id, { status: 'ended' })
    expect(ended.statusCode).toBe(200)
    expect(ended.json<RoomDetailResponse>().room).toMatchObject({ status: 'ended', liveStartedAt: startedAt, liveEndedAt: startedAt + 3600 })
    expect((await detail(room.id)).room.status).toBe('ended')
    const endedList = (await server.request({ url: '/api/rooms?status=ended' })).json<RoomListResponse>()
    expect(endedList.rooms.map((r) => r.id)).toContain(room.id)
    const liveList = (await server.request({ url: '/api/rooms?status=live' })).json<RoomListResponse>()
    expect(liveList.rooms.map((r) => r.id)).not.toContain(room.id)
  })

  it('going live again after an end starts a new live', async () => {
    const room = await createRoom()
    await report(anchor, room.id, { status: 'live' })
    await report(anchor, room.id, { status: 'ended' })
    server.clock.advanceSeconds(600)
    const again = await report(anchor, room.id, { status: 'live' })
    expect(again.statusCode).toBe(200)
    expect(again.json<RoomDetailResponse>().room).toMatchObject({ status: 'live', liveStartedAt: Math.floor(server.clock.nowMs() / 1000), liveEndedAt: null })
  })

  it('repeating the current status answers 200 and changes nothing', async () => {
    const room = await createRoom()
    const first = (await report(anchor, room.id, { status: 'live' })).json<RoomDetailResponse>().room
    server.clock.advanceSeconds(30)
    const again = await report(anchor, room.id, { status: 'live' })
    expect(again.statusCode).toBe(200)
    expect(again.json<RoomDetailResponse>().room).toEqual(first)

    await report(anchor, room.id, { status: 'ended' })
    const endedRoom = (await detail(room.id)).room
    server.clock.advanceSeconds(30)
    const endedAgain = await report(anchor, room.id, { status: 'ended' })
    expect(endedAgain.statusCode).toBe(200)
    expect(endedAgain.json<RoomDetailResponse>().room).toEqual(endedRoom)
  })

  it('an end reported without the live report (lost on the network) still ends the room', async () => {
    const room = await createRoom()
    const ended = await report(anchor, room.id, { status: 'ended' })
    expect(ended.statusCode).toBe(200)
    expect(ended.json<RoomDetailResponse>().room).toMatchObject({ status: 'ended', liveStartedAt: null })
  })

  it('admins may report for any room', async () => {
    const room = await createRoom()
    const res = await report(admin, room.id, { status: 'live' })
    expect(res.statusCode).toBe(200)
    expect(res.json<RoomDetailResponse>().room.status).toBe('live')
  })

  it('a shopper or another anchor gets 403 and the room is unchanged; no session gets 401', async () => {
    const room = await createRoom()
    for (const login of [shopper, otherAnchor]) {
      const res = await report(login, room.id, { status: 'live' })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('anchor') })
    }
    const anonymous = await report(null, room.id, { status: 'live' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({ error: 'unauthorized', field: 'authorization' })
    expect((await detail(room.id)).room.status).toBe('scheduled')
  })

  it('the anchor of a room who lost the anchor role gets 403 (same rule as the publish privilege)', async () => {
    const demoted = await server.signIn('status-demoted', 'anchor')
    const room = await createRoom({ anchorUserId: demoted.user.id })
    await server.handles.users.setRole('status-demoted', 'shopper')
    expect((await report(demoted, room.id, { status: 'live' })).statusCode).toBe(403)
  })

  it('a cancelled room answers 409 with a clear message and stays cancelled', async () => {
    const room = await createRoom({ status: 'cancelled' })
    for (const status of ['live', 'ended']) {
      const res = await report(anchor, room.id, { status })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ error: 'room_cancelled', field: 'status', message: expect.stringContaining('cancelled') })
    }
    expect((await detail(room.id)).room.status).toBe('cancelled')
  })

  it('an unknown room answers 404', async () => {
    const res = await report(anchor, 'room_nope', { status: 'live' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ error: 'not_found' })
  })

  describe('bad input answers 400 naming the field', () => {
    const cases: [string, unknown, string][] = [
      ['an unknown status', { status: 'paused' }, 'status'],
      ['a status only admins set', { status: 'cancelled' }, 'status'],
      ['no status', {}, 'status'],
      ['a number for status', { status: 1 }, 'status'],
      ['an extra field', { status: 'live', startedAt: 1 }, 'startedAt'],
    ]
    it.each(cases)('%s', async (_name, payload, field) => {
      const room = await createRoom()
      const res = await report(anchor, room.id, payload)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ error: 'bad_request', field })
      expect((await detail(room.id)).room.status).toBe('scheduled')
    })

    it('a bad room ID', async () => {
      const res = await report(anchor, 'a%20b', { status: 'live' })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ field: 'id' })
    })
  })

  it('is described in the OpenAPI document', async () => {
    const doc = (await server.request({ url: '/docs/json' })).json<{ paths: Record<string, { post?: { requestBody?: unknown; responses?: Record<string, unknown> } }> }>()
    const route = doc.paths['/api/rooms/{id}/status']?.post
    expect(route?.requestBody).toMatchObject({ content: { 'application/json': { schema: { properties: { status: { enum: ['live', 'ended'] } } } } } })
    expect(route?.responses?.['200']).toBeDefined()
  })
})
