/**
 * Orders placed from a room reach that room's live monitor as they are created, paid and refunded
 * (amounts in integer fen, the order as the contract's Order); orders from elsewhere do not.
 */
import type { MonitorSnapshot, RoomOrderEvent } from '../../miniprogram/contract/console-schemas'
import type { RefundResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import { goodsWithSkus, payOrder, placeOrder } from './support/buying-fixtures'
import { openSse, type SseReader } from './support/sse-reader'
import { createStaff, staffRead, staffSignIn, type StaffLogin } from './support/staff-session'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('room orders on the live monitor', () => {
  let server: TestServer
  let staff: StaffLogin
  let admin: LoginResponse
  let buyer: LoginResponse
  let room: Room
  let otherRoom: Room
  let skuId: string
  let monitor: SseReader
  let anchor: LoginResponse

  beforeAll(async () => {
    server = await createTestServer()
    await createStaff(server, 'monitor-admin', 'admin')
    staff = await staffSignIn(server, 'monitor-admin')
    admin = await server.signIn('monitor-orders-admin', 'admin')
    buyer = await server.signIn('monitor-orders-buyer')
    anchor = await server.signIn('monitor-orders-anchor', 'anchor')
    const newRoom = async (title: string): Promise<Room> =>
      (await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title, anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })).json<{ room: Room }>().room
    room = await newRoom('带货直播间')
    otherRoom = await newRoom('别的直播间')
    skuId = (await goodsWithSkus(server, admin, [{ value: '红色', priceFen: 1999, stock: 100 }])).skus[0]?.id ?? ''
    monitor = await openSse(`${server.baseUrl}/api/admin/rooms/${room.id}/events`, staffRead(staff))
    await monitor.next('snapshot')
  })
  afterAll(async () => {
    monitor.close()
    await server.close()
  })

  it('announces an order from the room when it is created, paid and refunded', async () => {
    const placed = await placeOrder(server, buyer, [{ skuId, quantity: 2 }], { roomId: room.id })
    const created = await monitor.next<RoomOrderEvent>('order', (e) => e.order.id === placed.id)
    expect({ change: created.change, state: created.order.state, totalFen: created.order.totalFen, roomId: created.order.roomId, at: created.at }).toEqual({
      change: 'created',
      state: 'created',
      totalFen: 3998,
      roomId: room.id,
      at: Math.floor(server.clock.nowMs() / 1000),
    })
    await payOrder(server, buyer, placed.id)
    const paid = await monitor.next<RoomOrderEvent>('order', (e) => e.order.id === placed.id)
    expect({ change: paid.change, state: paid.order.state, paidAt: typeof paid.order.paidAt }).toEqual({ change: 'paid', state: 'paid', paidAt: 'number' })

    const asked = await server.request({ method: 'POST', url: `/api/orders/${placed.id}/refunds`, headers: bearer(buyer), payload: { reason: '不想要了', amountFen: 999 } })
    expect(asked.statusCode).toBe(201)
    const { refund } = asked.json<RefundResponse>()
    expect((await server.request({ method: 'POST', url: `/api/refunds/${refund.id}/approve`, headers: bearer(admin) })).statusCode).toBe(200)
    const refunded = await monitor.next<RoomOrderEvent>('order', (e) => e.order.id === placed.id)
    expect({ change: refunded.change, state: refunded.order.state, refundedFen: refunded.order.refundedFen }).toEqual({ change: 'refunded', state: 'partially_refunded', refundedFen: 999 })
  })

  it('does not announce orders placed elsewhere or from another room', async () => {
    const elsewhere = await placeOrder(server, buyer, [{ skuId, quantity: 1 }])
    const other = await placeOrder(server, buyer, [{ skuId, quantity: 1 }], { roomId: otherRoom.id })
    // A later order from the watched room arrives; nothing about the other two came before it.
    const marker = await placeOrder(server, buyer, [{ skuId, quantity: 1 }], { roomId: room.id })
    await monitor.next<RoomOrderEvent>('order', (e) => e.order.id === marker.id)
    const announced = monitor.seen.flatMap((e) => (e.event === 'order' ? [(e.data as RoomOrderEvent).order.id] : []))
    expect(announced).not.toContain(elsewhere.id)
    expect(announced).not.toContain(other.id)
  })

  it("opens (and reconnects) with this live's orders from the room, each at its latest change, latest first", async () => {
    const snapshotNow = async (): Promise<MonitorSnapshot> => {
      const reader = await openSse(`${server.baseUrl}/api/admin/rooms/${room.id}/events`, staffRead(staff))
      try {
        return await reader.next<MonitorSnapshot>('snapshot')
      } finally {
        reader.close()
      }
    }
    // Before the room first went live: every order placed from it.
    const before = await snapshotNow()
    const roomOrderIds = monitor.seen.flatMap((e) => (e.event === 'order' ? [(e.data as RoomOrderEvent).order.id] : []))
    expect(new Set(before.orders.map((o) => o.order.id))).toEqual(new Set(roomOrderIds))
    expect(before.orders.every((o) => o.order.roomId === room.id)).toBe(true)

    server.clock.advanceSeconds(60)
    const live = await server.request({ method: 'POST', url: `/api/rooms/${room.id}/status`, headers: bearer(anchor), payload: { status: 'live' } })
    expect(live.statusCode).toBe(200)
    server.clock.advanceSeconds(1)
    const first = await placeOrder(server, buyer, [{ skuId, quantity: 1 }], { roomId: room.id })
    server.clock.advanceSeconds(1)
    const second = await placeOrder(server, buyer, [{ skuId, quantity: 3 }], { roomId: room.id })
    server.clock.advanceSeconds(1)
    await payOrder(server, buyer, first.id)
    await placeOrder(server, buyer, [{ skuId, quantity: 1 }], { roomId: otherRoom.id })

    const during = await snapshotNow()
    expect(during.orders.map((o) => ({ id: o.order.id, change: o.change, state: o.order.state, totalFen: o.order.totalFen }))).toEqual([
      { id: first.id, change: 'paid', state: 'paid', totalFen: 1999 },
      { id: second.id, change: 'created', state: 'created', totalFen: 5997 },
    ])
    expect(during.orders[0]?.at).toBe(during.orders[0]?.order.paidAt)
    expect(during.orders[1]?.at).toBe(during.orders[1]?.order.createdAt)
  })
})

