/**
 * What the room-list store asks of the outside world: both room lists from the merchant server,
 * the shopper's reminders, and the subscription prompt behind 开播提醒. The store is built with the
 * server-backed source below; its tests hand it a fake one.
 */
import type { Room, WechatLiveRoomsResponse } from '../core/api-types'
import { fetchMyRoomReminder, fetchRooms, fetchWechatLiveRooms, isWechatLiveUnavailable, signedInUserId } from './api'
import { remindersAvailable, requestRoomReminder, type ReminderOutcome } from './reminders'
import { showMessage } from './wx-live'
import { failureMessage } from './failure-message'

/** What the WeChat section shows: nothing when the server cannot offer WeChat live, otherwise rooms or why they failed. */
export type WechatSection =
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'rooms'; readonly rooms: WechatLiveRoomsResponse['rooms']; readonly stale: boolean }
  | { readonly kind: 'failed'; readonly message: string }

export interface RoomListSource {
  /** Our ZEGO rooms; rejects when the list cannot be had (the page then says why). */
  zegoRooms(): Promise<readonly Room[]>
  /** WeChat's live rooms, or why they are missing; never rejects (WeChat live is optional). */
  wechatSection(): Promise<WechatSection>
  /** The signed-in user ('' when unknown), read after a list request signed in. */
  userId(): string
  remindersEnabled(): boolean
  /** Whether the shopper already asked to be reminded of this room; rejects when unknown. */
  reminded(roomId: string): Promise<boolean>
  /** Must be reached before the tap handler's first await (WeChat's rule for the prompt). */
  requestReminder(roomId: string): Promise<ReminderOutcome>
  /** A short message over the page. */
  notify(message: string): void
}

async function wechatSection(): Promise<WechatSection> {
  try {
    const answer = await fetchWechatLiveRooms()
    return { kind: 'rooms', rooms: answer.rooms, stale: answer.stale }
  } catch (err) {
    // 503: the server has no WeChat credentials or no upstream data yet; the section stays hidden.
    return isWechatLiveUnavailable(err) ? { kind: 'unavailable' } : { kind: 'failed', message: failureMessage(err) }
  }
}

export const serverRoomListSource: RoomListSource = {
  zegoRooms: async () => (await fetchRooms()).rooms,
  wechatSection,
  userId: signedInUserId,
  remindersEnabled: remindersAvailable,
  reminded: async (roomId) => (await fetchMyRoomReminder(roomId)).reminded,
  requestReminder: requestRoomReminder,
  notify: showMessage,
}
