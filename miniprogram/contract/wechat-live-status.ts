/**
 * WeChat live (live-player-plugin) status codes 101–107, mapped once for both the mini-program and
 * the merchant server. Plain TypeScript with no imports, so the mini-program runs it as is.
 */

export const WECHAT_LIVE_STATUSES = [101, 102, 103, 104, 105, 106, 107] as const
export type WechatLiveStatus = (typeof WECHAT_LIVE_STATUSES)[number]

/** What the UI does with a room: show it as live, as upcoming, as ended (replay), or not at all. */
export const WECHAT_LIVE_CATEGORIES = ['live', 'upcoming', 'ended', 'hidden'] as const
export type WechatLiveCategory = (typeof WECHAT_LIVE_CATEGORIES)[number]

export interface WechatLiveStatusView {
  code: WechatLiveStatus | null
  category: WechatLiveCategory
  label: string
}

const VIEWS: Record<WechatLiveStatus, { category: WechatLiveCategory; label: string }> = {
  101: { category: 'live', label: '直播中' },
  102: { category: 'upcoming', label: '未开始' },
  103: { category: 'ended', label: '已结束' },
  104: { category: 'hidden', label: '禁播' },
  // Paused and abnormal rooms recover within minutes, so viewers stay in (or may enter) the room.
  105: { category: 'live', label: '暂停中' },
  106: { category: 'live', label: '异常' },
  107: { category: 'hidden', label: '已过期' },
}

export function isWechatLiveStatus(value: unknown): value is WechatLiveStatus {
  return typeof value === 'number' && Object.prototype.hasOwnProperty.call(VIEWS, value)
}

/**
 * Maps a raw `live_status`. WeChat keeps reporting 102 for rooms that never started after their
 * planned end, so 102 past `endTime` (Unix seconds) is treated as 107 (expired).
 */
export function describeWechatLiveStatus(raw: unknown, endTime?: number, nowSeconds?: number): WechatLiveStatusView {
  if (!isWechatLiveStatus(raw)) return { code: null, category: 'hidden', label: '未知' }
  if (raw === 102 && endTime !== undefined && nowSeconds !== undefined && endTime > 0 && nowSeconds > endTime) {
    return { code: 107, ...VIEWS[107] }
  }
  return { code: raw, ...VIEWS[raw] }
}
