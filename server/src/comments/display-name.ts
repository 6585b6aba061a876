/** The name shown beside a live comment: the contract's rule (comment-rules.ts), which the mini-program applies too. */
import { commentDisplayName as displayNameIn } from '../../../miniprogram/contract/comment-rules'
import type { Room } from '../../../miniprogram/contract/room-schemas'

export function commentDisplayName(userId: string, room: Pick<Room, 'anchorUserId'>): string {
  return displayNameIn(userId, room.anchorUserId)
}
