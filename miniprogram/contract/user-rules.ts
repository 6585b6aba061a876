/**
 * Who a mini-program user is to the server. Shared by the server (which grants and checks roles)
 * and the mini-program (which opens the anchor console for a room's anchor).
 */

/** Shoppers buy and watch; anchors also host their rooms; admins manage goods and rooms. */
export const USER_ROLES = ['shopper', 'anchor', 'admin'] as const
export type UserRole = (typeof USER_ROLES)[number]

/** The room's own anchor: the one user whose room cards lead to the anchor console. */
export function isRoomAnchor(userId: string, room: { anchorUserId: string }): boolean {
  return userId !== '' && room.anchorUserId === userId
}

/**
 * Hosts the room: its anchor, still holding the anchor role. Only they may publish its stream
 * (ZEGO token privileges) and report its live or its explains.
 */
export function hostsRoom(user: { id: string; role: UserRole }, room: { anchorUserId: string }): boolean {
  return user.role === 'anchor' && isRoomAnchor(user.id, room)
}
