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

/** How the shopper came: `code` adds type=9 (our own room code), `article` type=10 (an Official Account article card). */
export type PluginEntry = 'code' | 'article'

const ENTRY_TYPES: Record<PluginEntry, string> = { code: '9', article: '10' }

const ROOM_PAGE = `plugin-private://${LIVE_PLAYER_PLUGIN_PROVIDER}/pages/live-player-plugin?`

/** `plugin-private://…/pages/live-player-plugin?room_id=…[&custom_params=…][&type=9|10]`; throws on a bad room ID or oversize params. */
export function wechatLiveRoomUrl(roomId: number, customParams?: Record<string, unknown>, entry?: PluginEntry): string {
  if (parseWechatLiveRoomId(roomId) === null) throw new RangeError(`not a WeChat live room ID: ${roomId}`)
  let url = `${ROOM_PAGE}room_id=${roomId}`
  if (customParams !== undefined) {
    const encoded = encodeURIComponent(JSON.stringify(customParams))
    if (encoded.length > MAX_CUSTOM_PARAMS_LENGTH) {
      throw new RangeError(`custom_params is ${encoded.length} characters encoded; the plugin keeps at most ${MAX_CUSTOM_PARAMS_LENGTH}`)
    }
    url += `&custom_params=${encoded}`
  }
  if (entry !== undefined) url += `&type=${ENTRY_TYPES[entry]}`
  return url
}

export interface PluginRoomUrl {
  roomId: number
  customParams: Record<string, unknown> | null
  entry: PluginEntry | null
}

/** The inverse of wechatLiveRoomUrl; null for anything that is not the plugin's room page with a valid room. */
export function parseWechatLiveRoomUrl(url: string): PluginRoomUrl | null {
  if (!url.startsWith(ROOM_PAGE)) return null
  const query: Record<string, string> = {}
  for (const pair of url.slice(ROOM_PAGE.length).split('&')) {
    const at = pair.indexOf('=')
    if (at > 0) query[pair.slice(0, at)] = pair.slice(at + 1)
  }
  const roomId = parseWechatLiveRoomId(query.room_id)
  if (roomId === null) return null
  let customParams: Record<string, unknown> | null = null
  try {
    const parsed: unknown = query.custom_params ? JSON.parse(decodeURIComponent(query.custom_params)) : null
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) customParams = parsed as Record<string, unknown>
  } catch {
    customParams = null
  }
  return { roomId, customParams, entry: query.type === '9' ? 'code' : query.type === '10' ? 'article' : null }
}
