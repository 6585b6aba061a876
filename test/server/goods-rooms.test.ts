import type { Goods, GoodsListResponse, LoginResponse, Room, RoomDetailResponse, RoomListResponse } from '../../miniprogram/core/api-types'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('goods and rooms', () => {
  let server: TestServer
  let admin: LoginResponse
  let anchor: LoginResponse
  let shopper: LoginResponse

  beforeAll(async () => {
    server = await createTestServer()
    admin = await server.signIn('admin', 'admin')
    anchor = await server.signIn('anchor', 'anchor')
    shopper = await server.signIn('shopper')
  })

  afterAll(() => server.close())

  const createGoods = async (payload: Record<string, unknown>): Promise<Goods> => {
    const res = await server.request({ method: 'POST', url: '/api/goods', headers: bearer(admin), payload })
    expect(res.statusCode).toBe(201)
    return res.json<{ goods: Goods }>().goods
  }

  it('creates, reads, updates and deletes goods; only admins write; drafts stay private', async () => {
    const onSale = await createGoods({ title: 'Beans', images: ['https://img.example/b.jpg'], priceFen: 6800, stock: 5, status: 'on_sale' })
    const draft = await createGoods({ title: 'Secret', priceFen: 100, stock: 1 })
    expect(draft).toMatchObject({ status: 'draft', images: [] })

    const publicList = (await server.request({ method: 'GET', url: '/api/goods' })).json<GoodsListResponse>()
    expect(publicList.goods.map((g) => g.id)).toEqual([onSale.id])
    const adminList = (await server.request({ method: 'GET', url: '/api/goods', headers: bearer(admin) })).json<GoodsListResponse>()
    expect(adminList.total).toBe(2)
    expect((await server.request({ method: 'GET', url: `/api/goods/${draft.id}` })).statusCode).toBe(404)
    expect((await server.request({ method: 'GET', url: '/api/goods?status=draft' })).statusCode).toBe(403)

    for (const login of [shopper, anchor]) {
      const res = await server.request({ method: 'POST', url: '/api/goods', headers: bearer(login), payload: { title: 'x', priceFen: 1, stock: 1 } })
      expect(res.statusCode).toBe(403)
    }
    expect((await server.request({ method: 'POST', url: '/api/goods', payload: { title: 'x', priceFen: 1, stock: 1 } })).statusCode).toBe(401)

    const patched = await server.request({ method: 'PATCH', url: `/api/goods/${onSale.id}`, headers: bearer(admin), payload: { priceFen: 5900, stock: 0 } })
    expect(patched.json<{ goods: Goods }>().goods).toMatchObject({ priceFen: 5900, stock: 0, title: 'Beans' })
    expect((await server.request({ method: 'GET', url: `/api/goods/${onSale.id}` })).json<{ goods: Goods }>().goods.priceFen).toBe(5900)

    expect((await server.request({ method: 'DELETE', url: `/api/goods/${draft.id}`, headers: bearer(admin) })).statusCode).toBe(204)
    expect((await server.request({ method: 'DELETE', url: `/api/goods/${draft.id}`, headers: bearer(admin) })).statusCode).toBe(404)
  })

  it('creates a room with a server-derived stream ID and an ordered shelf; the viewer gets what it needs', async () => {
    const a = await createGoods({ title: 'A', priceFen: 100, stock: 1, status: 'on_sale' })
    const b = await createGoods({ title: 'B', priceFen: 200, stock: 1, status: 'on_sale' })
    const hidden = await createGoods({ title: 'Draft', priceFen: 300, stock: 1 })
    const res = await server.request({
      method: 'POST',
      url: '/api/rooms',
      headers: bearer(admin),
      payload: { title: 'Evening', cover: 'https://img.example/c.jpg', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000, scheduledEnd: 1_795_407_200, shelf: [b.id, hidden.id, a.id] },
    })
    expect(res.statusCode).toBe(201)
    const room = res.json<{ room: Room }>().room
    expect(room).toMatchObject({ status: 'scheduled', anchorUserId: anchor.user.id, streamId: `${room.id}_${anchor.user.id}_main`, shelf: [b.id, hidden.id, a.id] })

    const detail = (await server.request({ method: 'GET', url: `/api/rooms/${room.id}` })).json<RoomDetailResponse>()
    expect(detail.room.streamId).toBe(room.streamId)
    expect(detail.shelfGoods.map((g) => g.id)).toEqual([b.id, a.id])

    const reordered = await server.request({ method: 'PATCH', url: `/api/rooms/${room.id}`, headers: bearer(admin), payload: { shelf: [a.id, b.id], status: 'live' } })
    expect(reordered.json<{ room: Room }>().room).toMatchObject({ shelf: [a.id, b.id], status: 'live' })

    const inUse = await server.request({ method: 'DELETE', url: `/api/goods/${a.id}`, headers: bearer(admin) })
    expect(inUse.statusCode).toBe(409)
    expect(inUse.json()).toMatchObject({ error: 'goods_in_use', field: 'id' })

    const byAnchor = (await server.request({ method: 'GET', url: `/api/rooms?anchorUserId=${anchor.user.id}&status=live` })).json<RoomListResponse>()
    expect(byAnchor.rooms.map((r) => r.id)).toEqual([room.id])

    expect((await server.request({ method: 'PATCH', url: `/api/rooms/${room.id}`, headers: bearer(anchor), payload: { title: 'mine' } })).statusCode).toBe(403)
    expect((await server.request({ method: 'DELETE', url: `/api/rooms/${room.id}`, headers: bearer(admin) })).statusCode).toBe(204)
    expect((await server.request({ method: 'GET', url: `/api/rooms/${room.id}` })).statusCode).toBe(404)
  })

  it('ignores a client-chosen stream ID or room ID', async () => {
    const res = await server.request({
      method: 'POST',
      url: '/api/rooms',
      headers: bearer(admin),
      payload: { title: 't', anchorUserId: anchor.user.id, scheduledStart: 1, streamId: 'mine' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ field: 'streamId' })
  })

  describe('bad input answers 4xx {error, message, field}', () => {
    const goodRoom = (): Record<string, unknown> => ({ title: 't', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 })
    const cases: [string, () => { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown; admin?: boolean }, number, string][] = [
      ['goods without title', () => ({ method: 'POST', url: '/api/goods', payload: { priceFen: 1, stock: 1 }, admin: true }), 400, 'title'],
      ['goods with negative price', () => ({ method: 'POST', url: '/api/goods', payload: { title: 'x', priceFen: -1, stock: 1 }, admin: true }), 400, 'priceFen'],
      ['goods with fractional fen', () => ({ method: 'POST', url: '/api/goods', payload: { title: 'x', priceFen: 1.5, stock: 1 }, admin: true }), 400, 'priceFen'],
      ['goods with a non-URL image', () => ({ method: 'POST', url: '/api/goods', payload: { title: 'x', priceFen: 1, stock: 1, images: ['ftp://x'] }, admin: true }), 400, 'images'],
      ['goods with an unknown status', () => ({ method: 'POST', url: '/api/goods', payload: { title: 'x', priceFen: 1, stock: 1, status: 'gone' }, admin: true }), 400, 'status'],
      ['goods with an unknown field', () => ({ method: 'POST', url: '/api/goods', payload: { title: 'x', priceFen: 1, stock: 1, colour: 'red' }, admin: true }), 400, 'colour'],
      ['empty goods patch', () => ({ method: 'PATCH', url: '/api/goods/g_1', payload: {}, admin: true }), 400, 'body'],
      ['goods ID with bad characters', () => ({ method: 'GET', url: '/api/goods/a%20b' }), 400, 'id'],
      ['goods list limit too high', () => ({ method: 'GET', url: '/api/goods?limit=1000' }), 400, 'limit'],
      ['goods list offset negative', () => ({ method: 'GET', url: '/api/goods?offset=-1' }), 400, 'offset'],
      ['room without anchor', () => ({ method: 'POST', url: '/api/rooms', payload: { title: 't', scheduledStart: 1 }, admin: true }), 400, 'anchorUserId'],
      ['room with a shopper as anchor', () => ({ method: 'POST', url: '/api/rooms', payload: { ...goodRoom(), anchorUserId: shopper.user.id }, admin: true }), 400, 'anchorUserId'],
      ['room with unknown goods', () => ({ method: 'POST', url: '/api/rooms', payload: { ...goodRoom(), shelf: ['g_nope'] }, admin: true }), 400, 'shelf'],
      ['room with duplicate shelf goods', () => ({ method: 'POST', url: '/api/rooms', payload: { ...goodRoom(), shelf: ['g_1', 'g_1'] }, admin: true }), 400, 'shelf'],
      ['room ending before it starts', () => ({ method: 'POST', url: '/api/rooms', payload: { ...goodRoom(), scheduledEnd: 1 }, admin: true }), 400, 'scheduledEnd'],
      ['room with a string start', () => ({ method: 'POST', url: '/api/rooms', payload: { ...goodRoom(), scheduledStart: 'tomorrow' }, admin: true }), 400, 'scheduledStart'],
      ['room with an unknown status', () => ({ method: 'PATCH', url: '/api/rooms/room_x', payload: { status: 'paused' }, admin: true }), 400, 'status'],
      ['unknown room patch', () => ({ method: 'PATCH', url: '/api/rooms/room_x', payload: { title: 'x' }, admin: true }), 404, 'body'],
      ['room list with an unknown status', () => ({ method: 'GET', url: '/api/rooms?status=paused' }), 400, 'status'],
      ['room ID too long', () => ({ method: 'GET', url: `/api/rooms/${'r'.repeat(65)}` }), 400, 'id'],
      ['goods delete with a bad ID', () => ({ method: 'DELETE', url: '/api/goods/a%20b', admin: true }), 400, 'id'],
      ['goods patch with a bad ID', () => ({ method: 'PATCH', url: '/api/goods/a%20b', payload: { stock: 1 }, admin: true }), 400, 'id'],
      ['room delete with a bad ID', () => ({ method: 'DELETE', url: '/api/rooms/a%20b', admin: true }), 400, 'id'],
      ['room patch with a bad ID', () => ({ method: 'PATCH', url: '/api/rooms/a%20b', payload: { title: 'x' }, admin: true }), 400, 'id'],
      ['room list with a bad anchor ID', () => ({ method: 'GET', url: '/api/rooms?anchorUserId=a%20b' }), 400, 'anchorUserId'],
      ['room delete of an unknown room', () => ({ method: 'DELETE', url: '/api/rooms/room_x', admin: true }), 404, 'body'],
    ]

    it.each(cases)('%s', async (_name, make, status, field) => {
      const req = make()
      const res = await server.request({ method: req.method, url: req.url, payload: req.payload, headers: req.admin === true ? bearer(admin) : {} })
      expect(res.statusCode).toBe(status)
      const body = res.json<{ error: string; message: string; field?: string }>()
      expect(typeof body.error).toBe('string')
      expect(typeof body.message).toBe('string')
      // 404s for unknown IDs carry no field; 400s always name one.
      if (status === 400) expect(body.field).toBe(field)
    })
  })
})
