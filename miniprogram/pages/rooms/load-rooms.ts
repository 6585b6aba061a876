/**
 * Loads both room lists from the merchant server into the room-list store. The two requests run
 * together; only a failure of our own rooms fails the page, because WeChat live is optional (the
 * server answers 503 when it has no WeChat credentials or no upstream data yet).
 */
import { fetchMyRoomReminder, fetchRooms, fetchWechatLiveRooms, isWechatLiveUnavailable, signedInUserId } from '../../services/api'
import { remindersAvailable } from '../../services/reminders'
import type { RoomListStore, WechatSection } from '../../stores/room-list'

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : '加载失败，请稍后重试'
}

async function loadWechatSection(): Promise<WechatSection> {
  try {
    const answer = await fetchWechatLiveRooms()
    return { kind: 'rooms', rooms: answer.rooms, stale: answer.stale }
  } catch (err) {
    return isWechatLiveUnavailable(err) ? { kind: 'unavailable' } : { kind: 'failed', message: messageOf(err) }
  }
}

/** Resolves when the store holds the answer or the failure; never rejects. */
export async function loadRoomList(store: RoomListStore, now: () => number = Date.now): Promise<void> {
  const ticket = store.loadStarted()
  try {
    const [rooms, wechat] = await Promise.all([fetchRooms(), loadWechatSection()])
    // The list requests signed in, so the user is known by now.
    store.loadSucceeded(ticket, { zegoRooms: rooms.rooms, wechat, nowSeconds: Math.floor(now() / 1000), userId: signedInUserId(), remindersEnabled: remindersAvailable() })
  } catch (err) {
    store.loadFailed(ticket, messageOf(err))
    return
  }
  await loadReminderStates(store)
}

/**
 * Whether the shopper already asked to be reminded, for each card that offers it (a merchant runs
 * a handful of rooms). Read after the list shows; a room whose answer fails stays 开播提醒, which
 * is harmless: asking again answers 200.
 */
async function loadReminderStates(store: RoomListStore): Promise<void> {
  const roomIds = store.zegoCards.filter((card) => card.reminder !== '').map((card) => card.roomId)
  const answers = await Promise.all(roomIds.map((roomId) => fetchMyRoomReminder(roomId).then((a) => [roomId, a.reminded] as const, () => null)))
  const states: Record<string, 'off' | 'on'> = {}
  for (const answer of answers) if (answer !== null) states[answer[0]] = answer[1] ? 'on' : 'off'
  store.reminderStatesLoaded(states)
}
