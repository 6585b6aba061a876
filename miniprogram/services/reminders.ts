/**
 * 开播提醒: the shopper's one-time subscription (wx.requestSubscribeMessage), then the merchant
 * server records who to send it to when the room goes live. Each accepted subscription lets the
 * server send one message.
 */
import { config } from '../config'
import { ApiError, createRoomReminder } from './api'

export type ReminderOutcome =
  | { readonly kind: 'reminded' }
  /** The shopper refused (or refused for good earlier), or WeChat will not offer the template. */
  | { readonly kind: 'declined'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }

type SubscribeChoice = 'accept' | 'reject' | 'ban' | 'filter' | 'failed'

/** Calls wx.requestSubscribeMessage at once, in the caller's stack (see requestRoomReminder). */
function askSubscription(templateId: string): Promise<SubscribeChoice> {
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: [templateId],
      success: (res) => {
        const choice = res[templateId]
        resolve(choice === 'accept' || choice === 'reject' || choice === 'ban' || choice === 'filter' ? choice : 'failed')
      },
      // e.g. 20004: the shopper switched subscription messages off in the mini-program's settings.
      fail: () => resolve('failed'),
    })
  })
}

function serverFailure(err: unknown): string {
  if (err instanceof ApiError && err.code === 'room_not_upcoming') return '直播已开始或已结束'
  return '预约失败，请稍后重试'
}

/**
 * Must be called straight from a tap handler, before any await: WeChat shows the subscription
 * prompt only within a user's tap and fails the call otherwise. Never rejects.
 */
export function requestRoomReminder(roomId: string): Promise<ReminderOutcome> {
  return askSubscription(config.liveReminderTemplateId).then(async (choice): Promise<ReminderOutcome> => {
    if (choice === 'reject') return { kind: 'declined', message: '未开启开播提醒' }
    if (choice !== 'accept') return { kind: 'declined', message: '开播提醒暂不可用' }
    try {
      await createRoomReminder(roomId)
      return { kind: 'reminded' }
    } catch (err) {
      return { kind: 'failed', message: serverFailure(err) }
    }
  })
}

/** The room list shows 开播提醒 only when a template is configured. */
export function remindersAvailable(): boolean {
  return config.liveReminderTemplateId !== ''
}
