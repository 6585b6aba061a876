/** The answer of GET /api/rooms/:id, shared with the routes that change a room on a viewer's behalf. */
import type { Room, RoomDetailResponse } from '../../../miniprogram/contract/room-schemas'
import type { AppContext } from '../http/context'

export async function roomDetail(ctx: AppContext, room: Room): Promise<RoomDetailResponse> {
  // Draft goods stay hidden from viewers even when shelved.
  const shelfGoods = (await ctx.goods.findMany(room.shelf)).filter((g) => g.status !== 'draft')
  return { room, shelfGoods }
}
