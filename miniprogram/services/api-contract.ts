/**
 * What the live services need from the merchant server. The response shapes are the server's own
 * (core/api-types.ts); the interfaces here are the seams tests replace with doubles.
 */
import type { Goods, RoomDetailResponse, ZegoTokenResponse } from '../core/api-types'
import type { RoomInfo, ShelfGoods } from '../core/live-types'

export type { LoginResponse, RoomDetailResponse, ZegoTokenResponse, ApiErrorBody } from '../core/api-types'

/** Issues ZEGO tokens; `userId` is the identity the token is bound to and must be used to log in. */
export interface TokenProvider {
  getZegoToken(roomId: string): Promise<ZegoTokenResponse>
}

export interface RoomInfoProvider {
  getRoom(roomId: string): Promise<RoomInfo>
}

export function shelfGoodsFrom(goods: Goods): ShelfGoods {
  return {
    id: goods.id,
    title: goods.title,
    image: goods.images[0] ?? '',
    priceFen: goods.priceFen,
    stock: goods.stock,
    status: goods.status,
  }
}

export function roomInfoFrom(detail: RoomDetailResponse): RoomInfo {
  const { room } = detail
  return {
    id: room.id,
    title: room.title,
    cover: room.cover,
    streamId: room.streamId,
    anchorUserId: room.anchorUserId,
    status: room.status,
    // The server answers the shelf in shelf order, drafts left out; an older server may omit it.
    shelfGoods: (detail.shelfGoods ?? []).map(shelfGoodsFrom),
  }
}
