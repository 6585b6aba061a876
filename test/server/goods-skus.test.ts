import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { GoodsDetail, GoodsDetailResponse, GoodsListResponse } from '../../miniprogram/contract/goods-schemas'
import type { LoginResponse, RoomDetailResponse, Room } from '../../miniprogram/core/api-types'
import { openDatabase } from '../../server/src/db/database'
import { migrateTo, migrateToLatest } from '../../server/src/db/migrations'
import { DEMO_ROOM_ID, seedDemoData } from '../../server/src/demo/seed-demo'
import { GoodsRepo } from '../../server/src/goods/goods-repo'
import { onEachEngine } from './support/engines'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('the SKU migration', () => {
  it('turns every existing goods into one default SKU with its price and stock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-sku-migration-'))
    const handle = openDatabase(`file:${path.join(dir, 'm.sqlite')}`)
    try {
      await migrateTo(handle.db, '2026-11-24-004-live-comments')
      // The goods table as it was before SKUs: price and stock on the goods (not the current row type, hence the cast).
      const oldRows = [
        { id: 'g_old1', title: '旧豆', images_json: '["https://a/1.jpg"]', price_fen: 6800, stock: 7, status: 'on_sale', created_at: 100, updated_at: 100 },
        { id: 'g_old2', title: '旧杯', images_json: '[]', price_fen: 0, stock: 0, status: 'off_sale', created_at: 101, updated_at: 101 },
      ]
      await handle.db.insertInto('goods').values(oldRows as never).execute()
      await migrateToLatest(handle.db)
      const repo = new GoodsRepo(handle.db)
      const one = await repo.findDetail('g_old1')
      expect(one).toMatchObject({ priceFen: 6800, priceMaxFen: 6800, stock: 7, specs: [], status: 'on_sale' })
      expect(one?.skus).toEqual([{ id: 'sku_g_old1', goodsId: 'g_old1', specValues: [], priceFen: 6800, stock: 7, image: null, limitPerOrder: null }])
      expect(await repo.find('g_old2')).toMatchObject({ priceFen: 0, stock: 0 })
    } finally {
      await handle.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the demo goods', () => {
  it('include one with two spec dimensions, different prices and a sold-out SKU, on the demo room’s shelf', async () => {
    const server = await createTestServer()
    try {
      expect(await seedDemoData(server.handles, 1_795_000_000)).toBe(true)
      const detail = (await server.request({ method: 'GET', url: `/api/rooms/${DEMO_ROOM_ID}` })).json<RoomDetailResponse>()
      const tee = detail.shelfGoods.find((g) => g.specs.length === 2)
      expect(tee).toMatchObject({ specs: [{ name: '颜色' }, { name: '尺码' }], priceFen: 7900, priceMaxFen: 8900, stock: 62 })
      const skus = (await server.request({ method: 'GET', url: `/api/goods/${tee?.id}` })).json<GoodsDetailResponse>().goods.skus
      expect(skus).toHaveLength(4)
      expect(skus.filter((s) => s.stock === 0).map((s) => s.specValues)).toEqual([['黑色', 'M']])
    } finally {
      await server.close()
    }
  })
})

onEachEngine('goods with specs and SKUs', (env) => {
  let server: TestServer
  let admin: LoginResponse
  let anchor: LoginResponse

  beforeAll(async () => {
    server = await createTestServer({ env })
    admin = await server.signIn('sku-admin', 'admin')
    anchor = await server.signIn('sku-anchor', 'anchor')
  })
  afterAll(() => server.close())

  const newGoods = async (): Promise<GoodsDetail> => {
    const res = await server.request({ method: 'POST', url: '/api/goods', headers: bearer(admin), payload: { title: 'T 恤', priceFen: 5000, stock: 3, status: 'on_sale' } })
    expect(res.statusCode).toBe(201)
    return res.json<GoodsDetailResponse>().goods
  }
  const putSkus = (goodsId: string, payload: unknown) => server.request({ method: 'PUT', url: `/api/goods/${goodsId}/skus`, headers: bearer(admin), payload })
  const specs = [
    { name: '颜色', values: ['红', '蓝'] },
    { name: '尺码', values: ['M', 'L'] },
  ]

  it('a goods without specs has one default SKU that POST and PATCH write', async () => {
    const goods = await newGoods()
    expect(goods).toMatchObject({ priceFen: 5000, priceMaxFen: 5000, stock: 3, specs: [] })
    expect(goods.skus).toHaveLength(1)
    expect(goods.skus[0]).toMatchObject({ specValues: [], priceFen: 5000, stock: 3 })
    const patched = await server.request({ method: 'PATCH', url: `/api/goods/${goods.id}`, headers: bearer(admin), payload: { priceFen: 4200, stock: 9 } })
    expect(patched.json<GoodsDetailResponse>().goods).toMatchObject({ priceFen: 4200, stock: 9, skus: [{ id: goods.skus[0]?.id, priceFen: 4200, stock: 9 }] })
  })

  it('replaces specs and SKUs: every combination once, kept IDs stay, left-out SKUs retire', async () => {
    const goods = await newGoods()
    const defaultSku = goods.skus[0]?.id
    const res = await putSkus(goods.id, {
      specs,
      skus: [
        { id: defaultSku, specValues: ['红', 'M'], priceFen: 5000, stock: 2 },
        { specValues: ['红', 'L'], priceFen: 5500, stock: 0 },
        { specValues: ['蓝', 'M'], priceFen: 6000, stock: 4, limitPerOrder: 2 },
        { specValues: ['蓝', 'L'], priceFen: 6000, stock: 1, image: 'https://img.example/blue.jpg' },
      ],
    })
    expect(res.statusCode).toBe(200)
    const detail = res.json<GoodsDetailResponse>().goods
    expect(detail).toMatchObject({ priceFen: 5000, priceMaxFen: 6000, stock: 7, specs })
    expect(detail.skus.map((s) => s.specValues.join('/'))).toEqual(['红/M', '红/L', '蓝/M', '蓝/L'])
    expect(detail.skus[0]?.id).toBe(defaultSku)
    expect(detail.skus[2]?.limitPerOrder).toBe(2)

    // PATCH cannot set a price or stock that belongs to each SKU now.
    const conflict = await server.request({ method: 'PATCH', url: `/api/goods/${goods.id}`, headers: bearer(admin), payload: { stock: 5 } })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.json()).toMatchObject({ error: 'goods_has_specs', field: 'stock' })
    expect((await server.request({ method: 'PATCH', url: `/api/goods/${goods.id}`, headers: bearer(admin), payload: { title: '新 T 恤' } })).statusCode).toBe(200)

    // Drop the 尺码 dimension: two SKUs remain, the others retire (kept in the database for orders).
    const blueM = detail.skus[2]?.id
    const shrunk = await putSkus(goods.id, { specs: [{ name: '颜色', values: ['红', '蓝'] }], skus: [{ id: defaultSku, specValues: ['红'], priceFen: 5100, stock: 1 }, { id: blueM, specValues: ['蓝'], priceFen: 6100, stock: 1 }] })
    expect(shrunk.statusCode).toBe(200)
    expect(shrunk.json<GoodsDetailResponse>().goods.skus.map((s) => s.id)).toEqual([defaultSku, blueM])
    const rows = await server.handles.goods.skuRows([goods.id])
    expect(rows).toHaveLength(4)
    expect(rows.filter((r) => Number(r.retired) === 1)).toHaveLength(2)

    // The list and a room shelf show the contract's Goods shape.
    const list = (await server.request({ method: 'GET', url: '/api/goods?limit=100' })).json<GoodsListResponse>()
    expect(list.goods.find((g) => g.id === goods.id)).toMatchObject({ priceFen: 5100, priceMaxFen: 6100, stock: 2, specs: [{ name: '颜色' }] })
    const room = (await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'r', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000, shelf: [goods.id] } })).json<{ room: Room }>().room
    const shelf = (await server.request({ method: 'GET', url: `/api/rooms/${room.id}` })).json<RoomDetailResponse>().shelfGoods
    expect(shelf[0]).toMatchObject({ id: goods.id, priceMaxFen: 6100, specs: [{ name: '颜色', values: ['红', '蓝'] }] })
  })

  describe('bad SKU sets answer 400 naming the field', () => {
    const sku = (specValues: string[], over: Record<string, unknown> = {}) => ({ specValues, priceFen: 100, stock: 1, ...over })
    const cases: [string, () => unknown, string][] = [
      ['a missing combination', () => ({ specs, skus: [sku(['红', 'M']), sku(['红', 'L']), sku(['蓝', 'M'])] }), 'skus'],
      ['a combination twice', () => ({ specs, skus: [sku(['红', 'M']), sku(['红', 'M']), sku(['红', 'L']), sku(['蓝', 'M'])] }), 'specValues'],
      ['a value from no spec', () => ({ specs, skus: [sku(['绿', 'M'])] }), 'specValues'],
      ['too few values', () => ({ specs, skus: [sku(['红'])] }), 'specValues'],
      ['a spec twice', () => ({ specs: [specs[0], specs[0]], skus: [sku(['红', '红'])] }), 'specs'],
      ['a value twice in a spec', () => ({ specs: [{ name: '颜色', values: ['红', '红'] }], skus: [sku(['红'])] }), 'specs'],
      ['a SKU ID of another goods', () => ({ specs: [], skus: [sku([], { id: 'sku_elsewhere' })] }), 'id'],
      ['no SKUs', () => ({ specs: [], skus: [] }), 'skus'],
      ['a negative price', () => ({ specs: [], skus: [sku([], { priceFen: -1 })] }), 'priceFen'],
      ['a price as a string', () => ({ specs: [], skus: [sku([], { priceFen: '100' })] }), 'priceFen'],
      ['a huge stock', () => ({ specs: [], skus: [sku([], { stock: 1e12 })] }), 'stock'],
      ['a zero limit', () => ({ specs: [], skus: [sku([], { limitPerOrder: 0 })] }), 'limitPerOrder'],
      ['an unknown field', () => ({ specs: [], skus: [sku([], { colour: 'x' })] }), 'colour'],
      ['a non-URL image', () => ({ specs: [], skus: [sku([], { image: 'ftp://x' })] }), 'image'],
      ['three dimensions', () => ({ specs: [specs[0], specs[1], { name: '款', values: ['a'] }], skus: [sku(['红', 'M', 'a'])] }), 'specs'],
    ]
    it.each(cases)('%s', async (_name, payload, field) => {
      const goods = await newGoods()
      const res = await putSkus(goods.id, payload())
      expect({ status: res.statusCode, field: res.json<{ field?: string }>().field }).toEqual({ status: 400, field })
    })

    it('only admins replace SKUs; unknown goods is 404', async () => {
      const goods = await newGoods()
      const shopper = await server.signIn('sku-shopper')
      expect((await server.request({ method: 'PUT', url: `/api/goods/${goods.id}/skus`, headers: bearer(shopper), payload: { specs: [], skus: [sku([])] } })).statusCode).toBe(403)
      expect((await putSkus('g_missing', { specs: [], skus: [sku([])] })).statusCode).toBe(404)
    })
  })
})
