/**
 * The public room list and goods list as prepared answers: ETag and 304, and every write path that
 * changes them (mini-program routes, the console's cookie session, the anchor's console, ZEGO
 * callbacks, orders reserving and returning stock) drops them, in this instance and in another
 * one sharing the store.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { GoodsListResponse } from '../../miniprogram/contract/goods-schemas'
import type { LoginResponse, Room, RoomListResponse } from '../../miniprogram/core/api-types'
import { MemoryStore } from '../../server/src/shared-store/memory-store'
import { zegoCallbackSignature } from '../../server/src/zego/callback-signature'
import { goodsWithSkus, placeOrder } from './support/buying-fixtures'
import { createStaff, staffSignIn, staffWrite, type StaffLogin } from './support/staff-session'
import { bearer, createTestServer, TEST_ZEGO_APP_ID, type TestResponse, type TestServer } from './support/test-server'

const CALLBACK_SECRET = 'zego-callback-secret-0123456789'
const ROOMS = '/api/rooms?limit=50'
const GOODS = '/api/goods?limit=50'

describe('prepared public lists', () => {
  let server: TestServer
  let admin: LoginResponse
  let anchor: LoginResponse
  let shopper: LoginResponse
  let staff: StaffLogin

  beforeAll(async () => {
    server = await createTestServer({ env: { ZEGO_CALLBACK_SECRET: CALLBACK_SECRET } })
    admin = await server.signIn('lists-admin', 'admin')
    anchor = await server.signIn('lists-anchor', 'anchor')
    shopper = await server.signIn('lists-shopper')
    await createStaff(server, 'lists-staff', 'admin')
    staff = await staffSignIn(server, 'lists-staff')
  })

  afterAll(() => server.close())

  const get = (url: string, headers: Record<string, string> = {}): Promise<TestResponse> => server.request({ url, headers })
  const ok = (res: TestResponse, status = 200): TestResponse => {
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 300)}`)
    return res
  }
  const createRoom = async (title: string): Promise<Room> =>
    ok(await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title, anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } }), 201).json<{ room: Room }>().room
  const roomList = async (): Promise<{ etag: string; rooms: Room[] }> => {
    const res = ok(await get(ROOMS))
    return { etag: res.headers.get('etag') ?? '', rooms: res.json<RoomListResponse>().rooms }
  }
  const goodsList = async (): Promise<{ etag: string; list: GoodsListResponse }> => {
    const res = ok(await get(GOODS))
    return { etag: res.headers.get('etag') ?? '', list: res.json<GoodsListResponse>() }
  }

  it.each([ROOMS, GOODS])('%s answers an ETag and no-cache, then 304 without a body to a matching If-None-Match', async (url) => {
    if (url === ROOMS) await createRoom('ETag room')
    const first = ok(await get(url))
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{16}"$/)
    expect(first.headers.get('cache-control')).toBe('public, no-cache')
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8')
    for (const ifNoneMatch of [etag ?? '', `W/${etag ?? ''}`, `"other", ${etag ?? ''}`]) {
      const again = await get(url, { 'if-none-match': ifNoneMatch })
      expect([again.statusCode, again.body, again.headers.get('etag')]).toEqual([304, '', etag])
    }
    const changedTag = await get(url, { 'if-none-match': '"not-this-one"' })
    expect([changedTag.statusCode, changedTag.body]).toEqual([200, first.body])
  })

  it('serves the public room list without looking at the session: a stale token still gets it', async () => {
    const res = await get(ROOMS, { authorization: 'Bearer v1.expired.signature' })
    expect(res.statusCode).toBe(200)
  })

  it('still shows drafts to the back office, whose list is not the cached one', async () => {
    const draft = ok(await server.request({ method: 'POST', url: '/api/goods', headers: bearer(admin), payload: { title: '草稿', priceFen: 100, stock: 1 } }), 201).json<{ goods: { id: string } }>().goods
    expect((await goodsList()).list.goods.map((g) => g.id)).not.toContain(draft.id)
    const asAdmin = ok(await get(GOODS, bearer(admin))).json<GoodsListResponse>()
    expect(asAdmin.goods.map((g) => g.id)).toContain(draft.id)
    const asStaff = ok(await get(GOODS, { cookie: staff.cookie })).json<GoodsListResponse>()
    expect(asStaff.goods.map((g) => g.id)).toContain(draft.id)
    const asShopper = ok(await get(GOODS, bearer(shopper))).json<GoodsListResponse>()
    expect(asShopper.goods.map((g) => g.id)).not.toContain(draft.id)
  })

  describe('the room list changes with every write', () => {
    const signedCallback = (room: Room, event: 'stream_create' | 'stream_close'): Record<string, string> => {
      const timestamp = String(Math.floor(server.clock.nowMs() / 1000))
      const nonce = String(crypto.randomInt(1_000_000, 9_999_999))
      const signature = zegoCallbackSignature(CALLBACK_SECRET, timestamp, nonce)
      return { appid: String(TEST_ZEGO_APP_ID), timestamp, nonce, signature, event, room_id: room.id, stream_id: room.streamId, stream_sid: 's-1', create_time_ms: String(server.clock.nowMs()), user_id: room.anchorUserId }
    }

    const writes: [string, (room: Room) => Promise<void>, (room: Room | undefined) => unknown][] = [
      ['PATCH /api/rooms/:id (admin)', async (room) => void ok(await server.request({ method: 'PATCH', url: `/api/rooms/${room.id}`, headers: bearer(admin), payload: { title: '改了名' } })), (r) => r?.title],
      ['PATCH /api/rooms/:id (console cookie)', async (room) => void ok(await server.request({ method: 'PATCH', url: `/api/rooms/${room.id}`, headers: staffWrite(staff), payload: { cover: 'https://img.example/c.jpg' } })), (r) => r?.cover],
      ['POST /api/rooms/:id/status (anchor console)', async (room) => void ok(await server.request({ method: 'POST', url: `/api/rooms/${room.id}/status`, headers: bearer(anchor), payload: { status: 'live' } })), (r) => r?.status],
      ['POST /api/zego/callback stream_create', async (room) => expect(ok(await server.request({ method: 'POST', url: '/api/zego/callback', payload: signedCallback(room, 'stream_create') })).json()).toEqual({ ok: true, applied: 'live' }), (r) => r?.status],
      ['DELETE /api/rooms/:id', async (room) => void ok(await server.request({ method: 'DELETE', url: `/api/rooms/${room.id}`, headers: bearer(admin) }), 204), (r) => r === undefined],
    ]

    it.each(writes)('after %s', async (_name, write, seen) => {
      const room = await createRoom('Write path')
      const before = await roomList()
      expect((await roomList()).etag).toBe(before.etag)
      const shownBefore = seen(before.rooms.find((r) => r.id === room.id))
      await write(room)
      const after = await roomList()
      expect(after.etag).not.toBe(before.etag)
      expect(seen(after.rooms.find((r) => r.id === room.id))).not.toEqual(shownBefore)
    })

    it('after POST /api/rooms', async () => {
      const before = await roomList()
      const room = await createRoom('New one')
      expect(before.rooms.map((r) => r.id)).not.toContain(room.id)
      expect((await roomList()).rooms.map((r) => r.id)).toContain(room.id)
    })
  })

  describe('the goods list changes with every write', () => {
    const stockOf = async (goodsId: string): Promise<number | undefined> => (await goodsList()).list.goods.find((g) => g.id === goodsId)?.stock

    it('after POST, PATCH (bearer and console cookie), PUT skus and DELETE', async () => {
      const before = await goodsList()
      const goods = await goodsWithSkus(server, admin)
      const created = await goodsList()
      expect(before.list.goods.map((g) => g.id)).not.toContain(goods.id)
      expect(created.list.goods.map((g) => g.id)).toContain(goods.id)

      ok(await server.request({ method: 'PATCH', url: `/api/goods/${goods.id}`, headers: bearer(admin), payload: { title: '新标题' } }))
      expect((await goodsList()).list.goods.find((g) => g.id === goods.id)?.title).toBe('新标题')
      ok(await server.request({ method: 'PATCH', url: `/api/goods/${goods.id}`, headers: staffWrite(staff), payload: { stock: 42 } }))
      expect(await stockOf(goods.id)).toBe(42)
      ok(await server.request({ method: 'PUT', url: `/api/goods/${goods.id}/skus`, headers: bearer(admin), payload: { specs: [{ name: '款式', values: ['红'] }], skus: [{ specValues: ['红'], priceFen: 500, stock: 7 }] } }))
      expect(await stockOf(goods.id)).toBe(7)
      ok(await server.request({ method: 'PATCH', url: `/api/goods/${goods.id}`, headers: bearer(admin), payload: { status: 'off_sale' } }))
      ok(await server.request({ method: 'DELETE', url: `/api/goods/${goods.id}`, headers: bearer(admin) }), 204)
      expect((await goodsList()).list.goods.map((g) => g.id)).not.toContain(goods.id)
    })

    it('after an order reserves stock and its cancellation returns it', async () => {
      const goods = await goodsWithSkus(server, admin, [{ value: '大', priceFen: 1200, stock: 5 }])
      const skuId = goods.skus[0]?.id ?? ''
      expect(await stockOf(goods.id)).toBe(5)
      const order = await placeOrder(server, shopper, [{ skuId, quantity: 2 }])
      expect(await stockOf(goods.id)).toBe(3)
      ok(await server.request({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: bearer(shopper) }))
      expect(await stockOf(goods.id)).toBe(5)
    })
  })
})

describe('prepared lists across instances sharing the store', () => {
  it('drops the other instance’s lists when one instance writes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-shared-'))
    const store = new MemoryStore()
    const env = { DATABASE_URL: `file:${path.join(dir, 'shared.sqlite')}` }
    const a = await createTestServer({ store, env })
    const b = await createTestServer({ store, env })
    try {
      const admin = await a.signIn('shared-admin', 'admin')
      const anchor = await a.signIn('shared-anchor', 'anchor')
      const titlesOnB = async (): Promise<string[]> => (await b.request({ url: ROOMS })).json<RoomListResponse>().rooms.map((r) => r.title)
      const goodsOnB = async (): Promise<string[]> => (await b.request({ url: GOODS })).json<GoodsListResponse>().goods.map((g) => g.title)
      expect(await titlesOnB()).toEqual([])
      expect(await goodsOnB()).toEqual([])
      const created = await a.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: '另一实例', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
      expect(created.statusCode).toBe(201)
      await a.request({ method: 'POST', url: '/api/goods', headers: bearer(admin), payload: { title: '共享商品', priceFen: 100, stock: 1, status: 'on_sale' } })
      // The broadcast goes out at the end of the writer's turn; B's next answer must already be rebuilt.
      await new Promise((resolve) => setImmediate(resolve))
      expect(await titlesOnB()).toEqual(['另一实例'])
      expect(await goodsOnB()).toEqual(['共享商品'])
    } finally {
      await a.close()
      await b.close()
      await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
