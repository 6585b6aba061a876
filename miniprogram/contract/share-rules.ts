/** Rules the share cards and entries follow on both sides. */

/** How a share card reached its opener: a chat card, a group card (a shareTicket came along), a scanned code, WeChat's live plugin. */
export const SHARE_CHANNELS = ['chat', 'group', 'code', 'plugin'] as const
export type ShareChannel = (typeof SHARE_CHANNELS)[number]

/** WeChat's limit for a mini-program code's scene. */
export const SCENE_MAX_LENGTH = 32

/** The query key a share path carries its sharer token under. */
export const SHARE_TOKEN_QUERY = 'st'
