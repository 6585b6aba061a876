/**
 * The subscription message for "a room you asked about is live". Pure, so its limits are tested
 * without WeChat: a `thing` keyword holds at most 20 characters, a `time` keyword a date and time.
 */
import type { Room } from '../../../miniprogram/contract/room-schemas'
import type { LiveReminderTemplate } from '../config'
import type { SubscribeMessage } from '../wechat/subscribe-message'

export const TITLE_MAX_CHARACTERS = 20

/** Code points, not UTF-16 units, so an emoji is never cut in half; a cut title ends in … */
export function templateTitle(title: string): string {
  const chars = [...title.trim()]
  return chars.length <= TITLE_MAX_CHARACTERS ? chars.join('') : `${chars.slice(0, TITLE_MAX_CHARACTERS - 1).join('')}…`
}

/** `YYYY-MM-DD HH:mm` in China time (UTC+8 all year: China has no daylight saving), whatever the server's zone. */
export function chinaDateTime(unixSeconds: number): string {
  const d = new Date((unixSeconds + 8 * 3600) * 1000)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
}

/** The viewer page of the room; WeChat opens it when the shopper taps the message. */
export const reminderPage = (roomId: string): string => `live/viewer/index?roomId=${roomId}`

/** The start time shown is when the live actually started (it is live by now), else the scheduled one. */
export function reminderMessage(template: LiveReminderTemplate, room: Room, openid: string): SubscribeMessage {
  return {
    touser: openid,
    template_id: template.templateId,
    page: reminderPage(room.id),
    data: {
      [template.fields.title]: { value: templateTitle(room.title) },
      [template.fields.start]: { value: chinaDateTime(room.liveStartedAt ?? room.scheduledStart) },
    },
    miniprogram_state: 'formal',
    lang: 'zh_CN',
  }
}
