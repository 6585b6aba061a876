/**
 * Live comments: the rules the mini-program checks before sending and the server enforces, and the
 * name shown beside a comment. Plain TypeScript with no imports, so the mini-program runs it as is.
 */

/** Most characters (code points, so an emoji counts once) of a comment, after trimming. */
export const COMMENT_MAX_CHARACTERS = 100

/** What a comment's length is measured on: trimmed, counted in code points as the JSON schema counts. */
export function commentLength(text: string): number {
  return [...text.trim()].length
}

export function commentFits(text: string): boolean {
  const n = commentLength(text)
  return n > 0 && n <= COMMENT_MAX_CHARACTERS
}

/** The label of the room's anchor beside their comments. */
export const ANCHOR_DISPLAY_NAME = '主播'

/**
 * A viewer's display name. Users have no nickname yet, and the openid must not leak to other
 * viewers, so viewers get a stable label from the tail of their (server-assigned) user ID.
 */
export function viewerDisplayName(userId: string): string {
  return `观众${userId.slice(-4)}`
}

/** The name shown beside a comment of `userId` in a room hosted by `anchorUserId`. */
export function commentDisplayName(userId: string, anchorUserId: string): string {
  return userId === anchorUserId ? ANCHOR_DISPLAY_NAME : viewerDisplayName(userId)
}
