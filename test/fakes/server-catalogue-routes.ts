/**
 * The fake merchant server's routes for what shoppers browse (server-api.ts dispatches to them):
 * the room and goods lists, one goods, one room, WeChat's live rooms. Queries are checked against
 * the contract's schemas by the server's validator (server-checks.ts); what is left is what the
 * repositories' SQL and the route files decide (listed in server-api.ts).
 */
import type { GoodsDetailResponse, GoodsListResponse, RoomDetailResponse, RoomListResponse, WechatLiveRoomsResponse } from '../../miniprogram/core/api-types'
import { GoodsListQuerySchema } from '../../miniprogram/contract/goods-schemas'
import { RoomListQuerySchema } from '../../miniprogram/contract/room-schemas'
import { WechatLiveRoomsQuerySchema } from '../../miniprogram/contract/wechat-live-schemas'
import { ApiError, notFound } from '../../server/src/errors'
import type { FakeServer, ServerRequest } from './server-api'
import { answerOf, checkPart, type Defaulted } from './server-checks'
import type { WxRequestAnswer } from './wx'

/** By scheduled start, then ID, as rooms-repo lists them; paged as the contract's query says. */
export function roomList(server: FakeServer, req: ServerRequest): WxRequestAnswer {
  const query = checkPart(RoomListQuerySchema, 'querystring', req.query)
  if (!query.ok) return query.answer
  const { offset, limit } = query.value as Defaulted<typeof query.value, 'offset' | 'limit'>
  const all = [...server.rooms.values()].sort((a, b) => a.scheduledStart - b.scheduledStart || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const body: RoomListResponse = { rooms: all.slice(offset, offset + limit), total: all.length }
  return { statusCode: 200, data: body }
}

/** Shoppers see goods on sale and off sale, newest first, paged as goods-repo lists them. */
export function goodsList(server: FakeServer, req: ServerRequest): WxRequestAnswer {
  const query = checkPart(GoodsListQuerySchema, 'querystring', req.query)
  if (!query.ok) return query.answer
  const { status, offset, limit } = query.value as Defaulted<typeof query.value, 'offset' | 'limit'>
  if (status === 'draft') return answerOf(new ApiError(403, 'forbidden', 'draft goods are listed for admins only', 'status'))
  const visible = [...server.goods.values()]
    .filter((g) => (status ? g.status === status : g.status !== 'draft'))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const body: GoodsListResponse = { goods: visible.slice(offset, offset + limit), total: visible.length }
  return { statusCode: 200, data: body }
}

export function goodsItem(server: FakeServer, id: string): WxRequestAnswer {
  const goods = server.goods.get(id)
  if (!goods || goods.status === 'draft') return answerOf(notFound('goods'))
  // GET /api/goods/:id carries the SKUs: those stored with the goods (shop-server.ts adds goods
  // with specs), else the one default SKU a goods made by makeGoods has.
  const skus = 'skus' in goods && Array.isArray(goods.skus) ? (goods.skus as GoodsDetailResponse['goods']['skus']) : undefined
  const detail: GoodsDetailResponse = {
    goods: { ...goods, skus: skus ?? [{ id: `sku_${goods.id}`, goodsId: goods.id, specValues: [], priceFen: goods.priceFen, stock: goods.stock, image: null, limitPerOrder: null }] },
  }
  return { statusCode: 200, data: detail }
}

export function wechatRoomList(server: FakeServer, req: ServerRequest): WxRequestAnswer {
  const query = checkPart(WechatLiveRoomsQuerySchema, 'querystring', req.query)
  // The query is checked before the route runs, as Fastify does.
  if (!query.ok) return query.answer
  const { start, limit } = query.value as Defaulted<typeof query.value, 'start' | 'limit'>
  if (server.wechatLive === 'not_configured') {
    return { statusCode: 503, data: { error: 'wechat_not_configured', message: 'WeChat live rooms need WECHAT_APPID and WECHAT_APPSECRET (server is in dev mode)' } }
  }
  if (server.wechatLive === 'upstream_unavailable') {
    return { statusCode: 503, data: { error: 'upstream_unavailable', message: 'WeChat live data is not available yet; retry shortly' } }
  }
  const body: WechatLiveRoomsResponse = {
    rooms: server.wechatRooms.slice(start, start + limit),
    total: server.wechatRooms.length,
    fetchedAt: 1_700_000_000,
    ageSeconds: server.wechatStale ? 900 : 30,
    stale: server.wechatStale,
  }
  return { statusCode: 200, data: body }
}

export function roomDetail(server: FakeServer, id: string): WxRequestAnswer {
  const room = server.rooms.get(id)
  if (!room) return answerOf(notFound('room'))
  const body: RoomDetailResponse = { room, shelfGoods: server.shelfOf(room) }
  return { statusCode: 200, data: body }
}
