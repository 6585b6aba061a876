/**
 * The name shown beside a live comment. Users have no nickname yet, and the openid must not leak
 * to other viewers, so viewers get a stable label from the tail of their (server-assigned) user ID.
 */
import type { Room } from '../../../miniprogram/contract/room-schemas'

export function commentDisplayName(userId: string, room: Pick<Room, 'anchorUserId'>): string {
  if (userId === room.anchorUserId) return '主播'
  return `观众${userId.slice(-4)}`
}
