/** The answer of GET /api/rooms/:id, shared with the routes that change a room on a viewer's behalf. */
import type { Room, RoomDetailResponse } from '../../../miniprogram/core/api-types'
import type { AppContext } from '../http/context'
import { goodsSchema, roomSchema } from '../http/schemas'

export const roomDetailSchema = {
  type: 'object',
  required: ['room', 'shelfGoods'],
  properties: { room: roomSchema, shelfGoods: { type: 'array', items: goodsSchema } },
} as const

export async function roomDetail(ctx: AppContext, room: Room): Promise<RoomDetailResponse> {
  // Draft goods stay hidden from viewers even when shelved.
  const shelfGoods = (await ctx.goods.findMany(room.shelf)).filter((g) => g.status !== 'draft')
  return { room, shelfGoods }
}
