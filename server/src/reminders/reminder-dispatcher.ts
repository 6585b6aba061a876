/**
 * Sends a room's pending reminders when it goes live. Started by the status route and ZEGO's
 * callbacks after they have answered (fire-and-forget): WeChat's speed or failures must never
 * delay or fail a status change. Each reminder is settled once; failures other than 43101 stay
 * pending for the room's next change to live.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Room } from '../../../miniprogram/contract/room-schemas'
import type { LiveReminderTemplate } from '../config'
import type { SubscribeMessageSender } from '../wechat/subscribe-message'
import { WechatError } from '../wechat/wechat-http'
import { reminderMessage } from './reminder-message'
import type { PendingReminder, RemindersRepo } from './reminders-repo'

/** Messages in flight at once: WeChat limits calls per second, and a big room must not hog the token. */
export const SEND_CONCURRENCY = 5

export const DEV_MODE_REMINDER_NOTICE = 'DEV MODE: room reminders are recorded but not sent (no WeChat credentials)'

export interface ReminderDispatcherOptions {
  repo: RemindersRepo
  template: LiveReminderTemplate | null
  /** null in dev mode: there is no access token to send with. */
  sender: SubscribeMessageSender | null
  log: FastifyBaseLogger
  nowSeconds: () => number
}

export class ReminderDispatcher {
  /** One run per room at a time; a second live while one runs waits for it, so no one is sent twice. */
  private readonly runs = new Map<string, Promise<void>>()
  private devModeLogged = false

  constructor(private readonly options: ReminderDispatcherOptions) {}

  /** Returns at once; the sending runs on a later turn of the event loop, after the caller's answer. */
  roomWentLive(room: Room): void {
    const previous = this.runs.get(room.id) ?? Promise.resolve()
    const run = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.sendPending(room))
      .catch((err: unknown) => this.options.log.error({ err, roomId: room.id }, 'room reminders could not be sent'))
      .finally(() => {
        if (this.runs.get(room.id) === run) this.runs.delete(room.id)
      })
    this.runs.set(room.id, run)
  }

  /** Resolves when every run started so far has finished (the app waits for it on close; tests too). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.all([...this.runs.values()])
  }

  private async sendPending(room: Room): Promise<void> {
    const { template, sender, log } = this.options
    if (template === null) return
    if (sender === null) {
      if (!this.devModeLogged) log.warn(DEV_MODE_REMINDER_NOTICE)
      this.devModeLogged = true
      return
    }
    const queue = await this.options.repo.pending(room.id)
    if (queue.length === 0) return
    const counts = { sent: 0, refused: 0, failed: 0 }
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) counts[await this.sendOne(room, template, sender, next)] += 1
    }
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, worker))
    log.info({ roomId: room.id, ...counts }, 'room reminders sent')
  }

  private async sendOne(room: Room, template: LiveReminderTemplate, sender: SubscribeMessageSender, reminder: PendingReminder): Promise<'sent' | 'refused' | 'failed'> {
    const { repo, log } = this.options
    let outcome: 'sent' | 'refused'
    try {
      outcome = await sender.send(reminderMessage(template, room, reminder.openid))
    } catch (err) {
      if (!(err instanceof WechatError)) throw err
      // The message names the path only; the URL with the token never reaches the log.
      log.warn({ roomId: room.id, userId: reminder.userId, failure: err.failure, errcode: err.errcode, httpStatus: err.httpStatus, err: err.message }, 'room reminder not sent; kept for the next live')
      return 'failed'
    }
    // Refused (43101) will never succeed: it is settled like a sent one.
    if (outcome === 'refused') log.info({ roomId: room.id, userId: reminder.userId }, 'room reminder refused by WeChat (43101: subscription refused or used up)')
    await repo.markSent(room.id, reminder.userId, this.options.nowSeconds())
    return outcome
  }
}
