/**
 * The path into the wxlive room page and what that page reads back from its query. The room list
 * already knows a room's name, cover and times, so it passes them along and the room page needs no
 * request of its own; a share card or an old link may carry only `roomId`, so everything else is
 * optional. Pure, shared by the room list (main package) and the wxlive page.
 */
import { parseWechatLiveRoomId, type PluginEntry } from './wechat-live-url'
import { PageRoute } from './page-routes'

export const WECHAT_ROOM_PAGE = `/${PageRoute.wechatRoom}`

/** Keeps the query short: a page URL is not the place for a long title, and the page wraps it anyway. */
export const MAX_ENTRY_NAME_LENGTH = 40
const MAX_COVER_LENGTH = 512

export interface WechatRoomPreview {
  roomId: number
  name?: string
  cover?: string
  /** Unix seconds. */
  startTime?: number
  /** Unix seconds; lets the page treat a room still reported as 102 after its end as expired. */
  endTime?: number
  /** Opened from our room code (type=9) or an article card (type=10), passed on to the plugin. */
  entry?: PluginEntry
}

export interface WechatRoomEntry {
  /** null when the query names no valid room; `rawRoomId` says what it held. */
  roomId: number | null
  rawRoomId: string
  name: string
  cover: string
  startTime: number
  endTime: number
  entry: PluginEntry | undefined
}

/** Only https images render in a released mini-program; anything else is dropped, not passed on. */
function usableCover(cover: string | undefined): string {
  return cover && cover.length <= MAX_COVER_LENGTH && /^https:\/\/[^\s]+$/.test(cover) ? cover : ''
}

function seconds(value: number | undefined): number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : 0
}

export function wechatRoomEntryPath(room: WechatRoomPreview): string {
  if (parseWechatLiveRoomId(room.roomId) === null) throw new RangeError(`not a WeChat live room ID: ${room.roomId}`)
  const parts = [`roomId=${room.roomId}`]
  const name = (room.name ?? '').trim().slice(0, MAX_ENTRY_NAME_LENGTH)
  if (name) parts.push(`name=${encodeURIComponent(name)}`)
  const cover = usableCover(room.cover)
  if (cover) parts.push(`cover=${encodeURIComponent(cover)}`)
  if (seconds(room.startTime)) parts.push(`start=${seconds(room.startTime)}`)
  if (seconds(room.endTime)) parts.push(`end=${seconds(room.endTime)}`)
  if (room.entry) parts.push(`type=${room.entry === 'code' ? 9 : 10}`)
  return `${WECHAT_ROOM_PAGE}?${parts.join('&')}`
}

/**
 * WeChat hands `onLoad` the query values as they stood in the URL, still percent-encoded; should a
 * client ever hand them over decoded, a value that no longer decodes is taken as it is.
 */
function decoded(raw: string | undefined): string {
  if (!raw) return ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

function parseSeconds(raw: string | undefined): number {
  return raw && /^\d{1,12}$/.test(raw) ? seconds(Number(raw)) : 0
}

export function parseWechatRoomEntry(query: Record<string, string | undefined>): WechatRoomEntry {
  const rawRoomId = decoded(query.roomId)
  return {
    roomId: parseWechatLiveRoomId(rawRoomId),
    rawRoomId,
    name: decoded(query.name).trim().slice(0, MAX_ENTRY_NAME_LENGTH),
    cover: usableCover(decoded(query.cover)),
    startTime: parseSeconds(query.start),
    endTime: parseSeconds(query.end),
    entry: query.type === '9' ? 'code' : query.type === '10' ? 'article' : undefined,
  }
}
