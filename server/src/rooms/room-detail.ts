/** The answer of GET /api/rooms/:id, shared with the routes that change a room on a viewer's behalf. */
import type { Room, RoomDetailResponse } from '../../../miniprogram/contract/room-schemas'
import type { GoodsRepo } from '../goods/goods-repo'

export async function roomDetail(goods: Pick<GoodsRepo, 'findMany'>, room: Room): Promise<RoomDetailResponse> {
  // Draft goods stay hidden from viewers even when shelved.
  const shelfGoods = (await goods.findMany(room.shelf)).filter((g) => g.status !== 'draft')
  return { room, shelfGoods }
}
