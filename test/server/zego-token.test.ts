import type { LoginResponse, Room, ZegoTokenResponse } from '../../miniprogram/core/api-types'
import { MemoryStore } from '../../server/src/shared-store/memory-store'
import { decodeToken04 } from '../../server/src/zego/token04'
import { TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, bearer, createTestServer, type TestServer } from './support/test-server'

describe('POST /api/zego/token', () => {
  let server: TestServer
  let admin: LoginResponse
  let anchor: LoginResponse
  let otherAnchor: LoginResponse
  let shopper: LoginResponse
  let room: Room

  beforeAll(async () => {
    server = await createTestServer()
    admin = await server.signIn('admin-1', 'admin')
    anchor = await server.signIn('anchor-1', 'anchor')
    otherAnchor = await server.signIn('anchor-2', 'anchor')
    shopper = await server.signIn('shopper-1')
    const created = await server.request({
      method: 'POST',
      url: '/api/rooms',
      headers: bearer(admin),
      payload: { title: 'Morning live', anchorUserId: anchor.user.id, scheduledStart: 1_795_300_000 },
    })
    expect(created.statusCode).toBe(201)
    room = created.json<{ room: Room }>().room
  })

  afterAll(() => server.close())

  const tokenFor = (login: LoginResponse, roomId: string): Promise<import('./support/test-server').TestResponse> =>
    server.request({ method: 'POST', url: '/api/zego/token', headers: bearer(login), payload: { roomId } })

  it('gives a shopper a token that logs in but never publishes', async () => {
    const res = await tokenFor(shopper, room.id)
    expect(res.statusCode).toBe(200)
    const body = res.json<ZegoTokenResponse>()
    const nowSeconds = Math.floor(server.clock.nowMs() / 1000)
    expect(body).toEqual({ appId: TEST_ZEGO_APP_ID, userId: shopper.user.id, token: expect.stringMatching(/^04/), expiresAt: nowSeconds + 3600 })
    const decoded = decodeToken04(body.token, TEST_ZEGO_SECRET)
    expect(decoded.mode).toBe(1)
    expect(decoded.expire).toBe(body.expiresAt)
    expect(decoded.plaintext).toMatchObject({ app_id: TEST_ZEGO_APP_ID, user_id: shopper.user.id, ctime: nowSeconds, expire: nowSeconds + 3600 })
    expect(JSON.parse(decoded.plaintext.payload)).toEqual({ room_id: room.id, privilege: { '1': 1, '2': 0 }, stream_id_list: [] })
  })

  it('lets the hosting anchor publish exactly the room stream', async () => {
    const body = (await tokenFor(anchor, room.id)).json<ZegoTokenResponse>()
    const payload = JSON.parse(decodeToken04(body.token, TEST_ZEGO_SECRET).plaintext.payload) as Record<string, unknown>
    expect(room.streamId).toBe(`${room.id}_${anchor.user.id}_main`)
    expect(payload).toEqual({ room_id: room.id, privilege: { '1': 1, '2': 1 }, stream_id_list: [room.streamId] })
  })

  it('treats an anchor who does not host the room (and an admin) as a viewer', async () => {
    for (const login of [otherAnchor, admin]) {
      const body = (await tokenFor(login, room.id)).json<ZegoTokenResponse>()
      const payload = JSON.parse(decodeToken04(body.token, TEST_ZEGO_SECRET).plaintext.payload) as { privilege: Record<string, number> }
      expect(payload.privilege).toEqual({ '1': 1, '2': 0 })
    }
  })

  it('follows a change of anchor: the new stream ID, and the old anchor loses publish', async () => {
    const other = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'Swap', anchorUserId: anchor.user.id, scheduledStart: 1_795_300_000 } })
    const swapRoom = other.json<{ room: Room }>().room
    const patched = await server.request({ method: 'PATCH', url: `/api/rooms/${swapRoom.id}`, headers: bearer(admin), payload: { anchorUserId: otherAnchor.user.id } })
    const newStream = patched.json<{ room: Room }>().room.streamId
    expect(newStream).toBe(`${swapRoom.id}_${otherAnchor.user.id}_main`)
    const oldAnchor = JSON.parse(decodeToken04((await tokenFor(anchor, swapRoom.id)).json<ZegoTokenResponse>().token, TEST_ZEGO_SECRET).plaintext.payload) as { privilege: Record<string, number> }
    const newAnchor = JSON.parse(decodeToken04((await tokenFor(otherAnchor, swapRoom.id)).json<ZegoTokenResponse>().token, TEST_ZEGO_SECRET).plaintext.payload) as { stream_id_list: string[] }
    expect(oldAnchor.privilege['2']).toBe(0)
    expect(newAnchor.stream_id_list).toEqual([newStream])
  })

  it('answers 4xx naming the field for bad input', async () => {
    const cases: [Record<string, unknown> | undefined, number, string][] = [
      [{}, 400, 'roomId'],
      [{ roomId: '' }, 400, 'roomId'],
      [{ roomId: ['a', 'b'] }, 400, 'roomId'],
      // JSON bodies are never coerced: 42 is not a room ID.
      [{ roomId: 42 }, 400, 'roomId'],
      [{ roomId: null }, 400, 'roomId'],
      [{ roomId: 'room_\ud800' }, 400, 'roomId'],
      [{ roomId: 'r'.repeat(128) }, 400, 'roomId'],
      [{ roomId: '房'.repeat(43) }, 400, 'roomId'], // 129 bytes in 43 characters
      [{ roomId: room.id, extra: 1 }, 400, 'extra'],
      [{ roomId: 'room_missing' }, 404, 'roomId'],
    ]
    for (const [payload, status, field] of cases) {
      const res = await server.request({ method: 'POST', url: '/api/zego/token', headers: bearer(shopper), payload })
      expect({ payload, status: res.statusCode, field: res.json<{ field?: string }>().field }).toEqual({ payload, status, field })
    }
    const noBody = await server.request({ method: 'POST', url: '/api/zego/token', headers: bearer(shopper), rawBody: '{"roomId":' })
    expect(noBody.statusCode).toBe(400)
  })

  it('needs a signed-in user', async () => {
    const anonymous = await server.request({ method: 'POST', url: '/api/zego/token', payload: { roomId: room.id } })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({ error: 'unauthorized', field: 'authorization' })
    const forged = await server.request({ method: 'POST', url: '/api/zego/token', payload: { roomId: room.id }, headers: { authorization: `Bearer ${shopper.token}x` } })
    expect(forged.statusCode).toBe(401)
  })
})

describe('rate limits', () => {
  it('limits sign-in attempts per client', async () => {
    const server = await createTestServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '3' } })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 5; i += 1) statuses.push((await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:u${i}` } })).statusCode)
      expect(statuses).toEqual([200, 200, 200, 429, 429])
    } finally {
      await server.close()
    }
  })

  it('counts per instance without Redis, even when the instances share one in-process store', async () => {
    const env = { RATE_LIMIT_LOGIN_PER_MINUTE: '2' }
    const shared = new MemoryStore()
    const one = await createTestServer({ env, store: shared })
    const two = await createTestServer({ env, store: shared })
    try {
      const signIn = async (server: TestServer, i: number) => (await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:mem-${i}` } })).statusCode
      expect([await signIn(one, 0), await signIn(one, 1), await signIn(one, 2)]).toEqual([200, 200, 429])
      // The other instance has its own count: the same client is served there up to the limit again.
      expect([await signIn(two, 3), await signIn(two, 4), await signIn(two, 5)]).toEqual([200, 200, 429])
    } finally {
      await one.close()
      await two.close()
      await shared.close()
    }
  })

  it('limits token requests per signed-in user, so users behind one address do not starve each other', async () => {
    const server = await createTestServer({ env: { RATE_LIMIT_ZEGO_TOKEN_PER_MINUTE: '2' } })
    try {
      const admin = await server.signIn('admin-rl', 'admin')
      const anchor = await server.signIn('anchor-rl', 'anchor')
      const created = await server.request({
        method: 'POST',
        url: '/api/rooms',
        headers: bearer(admin),
        payload: { title: 'Limits', anchorUserId: anchor.user.id, scheduledStart: 1_795_300_000 },
      })
      const roomId = created.json<{ room: Room }>().room.id
      const first = await server.signIn('shopper-rl-1')
      const second = await server.signIn('shopper-rl-2')
      const ask = async (login: LoginResponse) =>
        (await server.request({ method: 'POST', url: '/api/zego/token', headers: bearer(login), payload: { roomId } })).statusCode
      expect([await ask(first), await ask(first), await ask(first)]).toEqual([200, 200, 429])
      const limited = await server.request({ method: 'POST', url: '/api/zego/token', headers: bearer(first), payload: { roomId } })
      expect(limited.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/retry/i) })
      // Same address (127.0.0.1), another user: still served.
      expect(await ask(second)).toBe(200)
    } finally {
      await server.close()
    }
  })
})
