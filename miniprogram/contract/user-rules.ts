/**
 * Who a mini-program user is to the server. Shared by the server (which grants and checks roles)
 * and the mini-program (which opens the anchor console for a room's anchor).
 */

/** Shoppers buy and watch; anchors also host their rooms; admins manage goods and rooms. */
export const USER_ROLES = ['shopper', 'anchor', 'admin'] as const
export type UserRole = (typeof USER_ROLES)[number]
