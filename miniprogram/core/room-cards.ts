/**
 * What the room list shows for each room: our ZEGO rooms and WeChat's official live rooms become
 * one card shape, filtered and ordered for a shopper (live first, then upcoming by start time).
 * Pure: the store derives the cards from server answers and "now".
 */
import type { Room, WechatLiveRoom } from './api-types'
import { formatStartTime } from './start-time'
import { isRoomAnchor } from '../contract/user-rules'

export type RoomCardTone = 'live' | 'upcoming' | 'ended'
export type RoomCardSource = 'zego' | 'wechat'
/** 开播提醒 of an upcoming room: not asked, being asked (prompt or request open), asked (已预约). */
export type ReminderState = 'off' | 'busy' | 'on'

export interface RoomCard {
  /** Unique across both sources, for wx:key. */
  key: string
  source: RoomCardSource
  /** ZEGO room ID, or the WeChat room ID as a decimal string. */
  roomId: string
  title: string
  cover: string
  tone: RoomCardTone
  badge: string
  /** Second line: the start time of an upcoming room, otherwise the anchor when known. */
  detail: string
  startSeconds: number
  /** The signed-in user hosts this room: the card opens the anchor console, not the viewer. */
  hosting: boolean
  /** What tapping does, when it is not simply watching ('' for shoppers). */
  actionText: string
  /** '' = no reminder button (live, WeChat's, the user's own room, or reminders not configured). */
  reminder: '' | ReminderState
  /** An ended room of ours with a recorded live: the card opens its replay. */
  replay: boolean
}

const TONE_RANK: Record<RoomCardTone, number> = { live: 0, upcoming: 1, ended: 2 }

/** Live, then upcoming soonest first, then ended most recent first; ties keep the server's order. */
export function orderRoomCards(cards: readonly RoomCard[]): RoomCard[] {
  return cards
    .map((card, index) => ({ card, index }))
    .sort((a, b) => {
      const rank = TONE_RANK[a.card.tone] - TONE_RANK[b.card.tone]
      if (rank !== 0) return rank
      const byStart = a.card.tone === 'ended' ? b.card.startSeconds - a.card.startSeconds : a.card.startSeconds - b.card.startSeconds
      return byStart !== 0 ? byStart : a.index - b.index
    })
    .map((x) => x.card)
}

/**
 * Cancelled ZEGO rooms are left out, and so are ended ones without a replay: entering one would
 * only say that it ended, and a list that grows with every past live buries the rooms worth
 * opening. An ended room with a recorded live shows 回放 and opens its replay.
 */
export function zegoRoomCards(
  rooms: readonly Room[],
  nowSeconds: number,
  userId = '',
  /** null: reminders are not configured; otherwise what is known per room ID (unknown = 'off'). */
  reminders: Readonly<Record<string, ReminderState>> | null = null,
): RoomCard[] {
  const cards: RoomCard[] = []
  for (const room of rooms) {
    // The fields every ZEGO room's card takes from the room as it is.
    const card = { key: `zego-${room.id}`, source: 'zego', roomId: room.id, title: room.title, cover: room.cover } as const
    if (room.status === 'ended' && room.hasReplay) {
      const startSeconds = room.liveStartedAt ?? room.scheduledStart
      cards.push({ ...card, tone: 'ended', badge: '回放', detail: '', startSeconds, hosting: false, actionText: '', reminder: '', replay: true })
      continue
    }
    if (room.status !== 'live' && room.status !== 'scheduled') continue
    const live = room.status === 'live'
    // The console is the anchor's only way to go live; their own rooms lead there.
    const hosting = isRoomAnchor(userId, room)
    cards.push({
      ...card,
      tone: live ? 'live' : 'upcoming',
      badge: live ? '直播中' : '预告',
      detail: live ? '' : formatStartTime(room.scheduledStart, nowSeconds),
      startSeconds: room.scheduledStart,
      hosting,
      actionText: hosting ? (live ? '回到直播' : '去开播') : '',
      // Reminders are for shoppers waiting for a room; its anchor starts it.
      reminder: reminders === null || live || hosting ? '' : (reminders[room.id] ?? 'off'),
      replay: false,
    })
  }
  return orderRoomCards(cards)
}

/**
 * WeChat's ended rooms stay (last): the plugin plays a room's replay through the same entry URL.
 * Banned, expired and unknown rooms (category `hidden`, decided by the server) are left out.
 */
export function wechatRoomCards(rooms: readonly WechatLiveRoom[], nowSeconds: number): RoomCard[] {
  const cards: RoomCard[] = []
  for (const room of rooms) {
    if (room.category === 'hidden') continue
    const tone: RoomCardTone = room.category
    cards.push({
      key: `wechat-${room.roomId}`,
      source: 'wechat',
      roomId: String(room.roomId),
      title: room.name,
      cover: room.coverImg,
      tone,
      badge: room.statusLabel,
      detail: tone === 'upcoming' ? formatStartTime(room.startTime, nowSeconds) : room.anchorName,
      startSeconds: room.startTime,
      // WeChat's rooms are hosted from WeChat's own anchor tools, never from this app.
      hosting: false,
      actionText: '',
      // WeChat's own rooms remind through the plugin's subscribe component on their room page.
      reminder: '',
      // The plugin's room page plays WeChat's replays itself.
      replay: false,
    })
  }
  return orderRoomCards(cards)
}
