/**
 * Share opens: a genuine share token opened by someone other than its sharer, kept once per
 * (sharer, opener, room, goods) with a count. Orders credit the sharer from them when the order
 * itself carries no token (the opener bought later, from the room or the goods page).
 */
import type { Kysely } from 'kysely'
import type { ShareChannel } from '../../../miniprogram/contract/share-rules'
import type { Database } from '../db/schema'
import { SHARE_TOKEN_TTL_SECONDS, type SharePayload } from './share-token'

/** Our room's ID, or `wechat:<id>` for a WeChat live room, or '' for a goods card. */
export const roomKey = (share: SharePayload): string => share.r ?? (share.w === undefined ? '' : `wechat:${share.w}`)

export async function recordShareOpen(db: Kysely<Database>, share: SharePayload, openerId: string, channel: ShareChannel, now: number): Promise<boolean> {
  if (share.u === openerId) return false
  const sharer = await db.selectFrom('users').select('id').where('id', '=', share.u).executeTakeFirst()
  if (sharer === undefined) return false
  await db
    .insertInto('share_opens')
    .values({ sharer_user_id: share.u, opener_user_id: openerId, room_id: roomKey(share), goods_id: share.g ?? '', channel, opens: 1, first_opened_at: now, last_opened_at: now })
    .onConflict((oc) => oc.columns(['sharer_user_id', 'opener_user_id', 'room_id', 'goods_id']).doUpdateSet((eb) => ({ opens: eb('share_opens.opens', '+', 1), last_opened_at: now })))
    .execute()
  return true
}

/**
 * Whose share brought this buyer to the room (or else to one of the goods), the latest open
 * within a share token's lifetime; null when none did.
 */
export async function sharerFromOpens(db: Kysely<Database>, buyerId: string, roomId: string | null, goodsIds: readonly string[], now: number): Promise<string | null> {
  const since = now - SHARE_TOKEN_TTL_SECONDS
  const base = db.selectFrom('share_opens').select('sharer_user_id').where('opener_user_id', '=', buyerId).where('last_opened_at', '>=', since).orderBy('last_opened_at', 'desc').limit(1)
  if (roomId !== null) {
    const byRoom = await base.where('room_id', '=', roomId).executeTakeFirst()
    if (byRoom !== undefined) return byRoom.sharer_user_id
  }
  if (goodsIds.length === 0) return null
  const byGoods = await base.where('goods_id', 'in', [...goodsIds]).executeTakeFirst()
  return byGoods?.sharer_user_id ?? null
}

export async function shareOpensOfRoom(db: Kysely<Database>, roomId: string): Promise<{ sharerUserId: string; openers: number; opens: number }[]> {
  const rows = await db
    .selectFrom('share_opens')
    .select((eb) => ['sharer_user_id', eb.fn.countAll<number>().as('openers'), eb.fn.sum<number>('opens').as('opens')])
    .where('room_id', '=', roomId)
    .groupBy('sharer_user_id')
    .orderBy('sharer_user_id')
    .execute()
  return rows.map((r) => ({ sharerUserId: r.sharer_user_id, openers: Number(r.openers), opens: Number(r.opens) }))
}
