/**
 * The one place that builds the entry URL of WeChat's live-player-plugin room page
 * (reference: wechat-live-platform.md §2.2). Pure, so every entry path shares its checks.
 */

export const LIVE_PLAYER_PLUGIN_PROVIDER = 'wx2b03c6e691cd7370'

/** The plugin truncates longer values silently, which would corrupt the JSON it hands back. */
export const MAX_CUSTOM_PARAMS_LENGTH = 600

/** WeChat room IDs are positive integers; anything else cannot name a room. */
export function parseWechatLiveRoomId(raw: string | number | undefined | null): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw > 0 ? raw : null
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw.trim())) return null
  const id = Number(raw.trim())
  return Number.isSafeInteger(id) ? id : null
}

/** `plugin-private://…/pages/live-player-plugin?room_id=…[&custom_params=…]`; throws on a bad room ID or oversize params. */
export function wechatLiveRoomUrl(roomId: number, customParams?: Record<string, unknown>): string {
  if (parseWechatLiveRoomId(roomId) === null) throw new RangeError(`not a WeChat live room ID: ${roomId}`)
  let url = `plugin-private://${LIVE_PLAYER_PLUGIN_PROVIDER}/pages/live-player-plugin?room_id=${roomId}`
  if (customParams !== undefined) {
    const encoded = encodeURIComponent(JSON.stringify(customParams))
    if (encoded.length > MAX_CUSTOM_PARAMS_LENGTH) {
      throw new RangeError(`custom_params is ${encoded.length} characters encoded; the plugin keeps at most ${MAX_CUSTOM_PARAMS_LENGTH}`)
    }
    url += `&custom_params=${encoded}`
  }
  return url
}
