/**
 * Who may not comment in a room right now. Every comment asks, so a room's mutes are memoised
 * until room_mutes is written (http/cached-answers.ts).
 */
import type { LookupMemo } from '../http/lookup-memo'
import type { CommentsRepo } from './comments-repo'

export class RoomMutes {
  constructor(
    private readonly repo: Pick<CommentsRepo, 'mutesOf'>,
    private readonly memo: LookupMemo<ReadonlyMap<string, number>>,
    private readonly nowSeconds: () => number,
  ) {}

  /** Until when `userId` may not comment in `roomId`, or null. */
  async mutedUntil(roomId: string, userId: string): Promise<number | null> {
    const mutes = await this.memo.get(roomId, () => this.repo.mutesOf(roomId))
    const until = mutes.get(userId)
    return until !== undefined && until > this.nowSeconds() ? until : null
  }
}
