/**
 * 开播提醒 on a room card: the shopper's subscription, then the server. The card shows 已预约 once
 * the server recorded it; a refusal or a failure says so briefly and leaves the button as it was.
 */
import { requestRoomReminder } from '../../services/reminders'
import { showMessage } from '../../services/wx-live'
import type { RoomListStore } from '../../stores/room-list'

/**
 * Runs from the tap handler: requestRoomReminder is reached before the first await, as WeChat
 * requires for its subscription prompt. A tap on 已预约 or while asking does nothing.
 */
export async function remindRoom(store: RoomListStore, roomId: string): Promise<void> {
  if (store.reminderOf(roomId) !== 'off') return
  const asked = requestRoomReminder(roomId)
  store.reminderChanged(roomId, 'busy')
  const outcome = await asked
  if (outcome.kind === 'reminded') {
    store.reminderChanged(roomId, 'on')
    showMessage('开播时会提醒你')
    return
  }
  store.reminderChanged(roomId, 'off')
  showMessage(outcome.message)
}
