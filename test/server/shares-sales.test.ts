import type { OrderResponse, RefundResponse, SalesResponse, ShareTokenResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import { issueShareToken, verifyShareToken } from '../../server/src/shares/share-token'
import { addressOf, goodsWithSkus, payOrder, placeOrder } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { TEST_SESSION_SECRET, bearer, createTestServer, type TestServer } from './support/test-server'

onEachEngine('shares and sales', (env) => {
  let server: TestServer
  let admin: LoginResponse
  let sharer: LoginResponse
  let buyer: LoginResponse
  let room: Room
  let skuId: string

  beforeAll(async () => {
    server = await createTestServer({ env })
    admin = await server.signIn('share-admin', 'admin')
    sharer = await server.signIn('share-sharer')
    buyer = await server.signIn('share-buyer')
    const anchor = await server.signIn('share-anchor', 'anchor')
    room = (await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: '分享直播间', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })).json<{ room: Room }>().room
    const goods = await goodsWithSkus(server, admin, [{ value: '默认', priceFen: 1000, stock: 1000 }])
    skuId = goods.skus[0]?.id ?? ''
  })
  afterAll(() => server.close())

  const shareToken = async (login: LoginResponse, payload: Record<string, unknown>): Promise<string> => {
    const res = await server.request({ method: 'POST', url: '/api/shares', headers: bearer(login), payload })
    expect(res.statusCode).toBe(200)
    return res.json<ShareTokenResponse>().shareToken
  }
  const sharerOf = async (orderId: string): Promise<string | null | undefined> =>
    (await server.handles.database.db.selectFrom('orders').select('sharer_user_id').where('id', '=', orderId).executeTakeFirst())?.sharer_user_id

  it('credits the sharer of a genuine token; forged, edited, foreign and self-made tokens earn nothing and fail nothing', async () => {
    const token = await shareToken(sharer, { roomId: room.id })
    const credited = await placeOrder(server, buyer, [{ skuId, quantity: 1 }], { shareToken: token })
    expect(credited.roomId).toBe(room.id)
    expect(await sharerOf(credited.id)).toBe(sharer.user.id)

    const [prefix, payload, mac] = token.split('.')
    const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), u: buyer.user.id === sharer.user.id ? 'x' : admin.user.id })).toString('base64url')
    const forgedTokens = [
      `${prefix}.${edited}.${mac}`,
      issueShareToken('another-secret-0123456789abcdef0123', { u: sharer.user.id, iat: Math.floor(server.clock.nowMs() / 1000) }),
      buyer.token,
      'not-a-token',
      await shareToken(buyer, { roomId: room.id }),
    ]
    for (const forged of forgedTokens) {
      const order = await placeOrder(server, buyer, [{ skuId, quantity: 1 }], { shareToken: forged })
      expect({ token: forged.slice(0, 12), sharer: await sharerOf(order.id) }).toEqual({ token: forged.slice(0, 12), sharer: null })
    }
    expect(verifyShareToken(TEST_SESSION_SECRET, token, Math.floor(server.clock.nowMs() / 1000) + 31 * 24 * 3600)).toBeNull()
  })

  it('counts paid orders per room and per sharer, with refunds', async () => {
    const unknown = await server.request({ method: 'POST', url: '/api/shares', headers: bearer(sharer), payload: { goodsId: 'g_unknown' } })
    expect([unknown.statusCode, unknown.json()]).toEqual([400, expect.objectContaining({ field: 'goodsId' })])
    const goodsToken = await shareToken(sharer, { roomId: room.id })
    const first = await payOrder(server, buyer, (await placeOrder(server, buyer, [{ skuId, quantity: 2 }], { shareToken: goodsToken })).id)
    await payOrder(server, buyer, (await placeOrder(server, buyer, [{ skuId, quantity: 1 }], { roomId: room.id })).id)
    await placeOrder(server, buyer, [{ skuId, quantity: 5 }], { roomId: room.id })
    const refund = (await server.request({ method: 'POST', url: `/api/orders/${first.id}/refunds`, headers: bearer(buyer), payload: { reason: '多买了', amountFen: 500 } })).json<RefundResponse>()
    await server.request({ method: 'POST', url: `/api/refunds/${refund.refund.id}/approve`, headers: bearer(admin) })

    const byRoom = (await server.request({ method: 'GET', url: '/api/admin/sales?by=room', headers: bearer(admin) })).json<SalesResponse>()
    expect(byRoom.rows.find((r) => r.key === room.id)).toEqual({ key: room.id, label: '分享直播间', orders: 2, paidFen: 3000, refundedFen: 500 })
    const bySharer = (await server.request({ method: 'GET', url: '/api/admin/sales?by=sharer', headers: bearer(admin) })).json<SalesResponse>()
    expect(bySharer.rows.find((r) => r.key === sharer.user.id)).toEqual({ key: sharer.user.id, label: 'share-sharer', orders: 1, paidFen: 2000, refundedFen: 500 })
    expect((await server.request({ method: 'GET', url: '/api/admin/sales?by=room', headers: bearer(buyer) })).statusCode).toBe(403)
  })

  it('an order from a room share token records the room', async () => {
    const token = await shareToken(sharer, { roomId: room.id })
    const address = await addressOf(server, buyer)
    const res = await server.request({ method: 'POST', url: '/api/orders', headers: bearer(buyer), payload: { items: [{ skuId, quantity: 1 }], addressId: address.id, shareToken: token } })
    expect(res.json<OrderResponse>().order.roomId).toBe(room.id)
  })
})
