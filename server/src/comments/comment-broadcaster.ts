/**
 * Sends accepted live comments to their room's viewers as batched ZEGO barrage messages (see
 * comment-batch.ts), one room tick at a time, within ZEGO's limits however many comments arrive:
 * at most `roomMessagesPerSecond` messages a second per room (ZEGO answers Code 207 past its
 * per-room rate) and a share of the deployment's allowance of messages to ZEGO, which likes
 * announcements use too (zego/message-budget.ts). Both are counted in the shared store, so
 * several instances keep them together.
 *
 * The comment route answers as soon as a comment is checked and stored; this delivers it within a
 * tick or two. A batch ZEGO does not take is put back and retried with growing pauses. What a
 * room cannot be sent in time (a live with more comments than ZEGO carries, a long outage) is left
 * to the stored history rather than shown seconds late over the video: comments not broadcast
 * within MAX_BROADCAST_DELAY_MS, or beyond MAX_PENDING_PER_ROOM waiting, are skipped and counted.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { LiveComment } from '../../../miniprogram/contract/comment-schemas'
import type { AnnounceTimer } from '../likes/likes-broadcaster'
import type { SharedStore } from '../shared-store/shared-store'
import { ZegoMessageBudget } from '../zego/message-budget'
import { ZegoApiError, type ZegoServerApi } from '../zego/server-api'
import { COMMENT_BATCH_SENDER_ID, packCommentBatch } from './comment-batch'

/** How often a room with comments waiting sends its next batch. */
export const COMMENT_TICK_MS = 100
/** Barrage messages a second into one room, all instances together. */
export const ROOM_MESSAGES_PER_SECOND = 10
/** The part of the deployment's ZEGO message allowance comments may use; the rest stays for likes. */
export const COMMENT_BUDGET_SHARE = 0.75
/** A comment not broadcast by then is only in the history: chat over a live is read as it happens. */
export const MAX_BROADCAST_DELAY_MS = 10_000
export const MAX_PENDING_PER_ROOM = 2000
const MAX_RETRY_PAUSE_MS = 3_200
/** More than one batch can carry (its smallest entry is about 40 bytes). */
const PACK_WINDOW = 32
/** ZEGO's answers after which a batch is not sent again: nobody is in the room, or it is too long. */
const ROOM_DOES_NOT_EXIST = 50001
const MESSAGE_TOO_LONG = 50012
const SKIP_LOG_INTERVAL_MS = 10_000

const systemTimer: AnnounceTimer = {
  start: (run, ms) => setTimeout(run, ms).unref(),
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export interface CommentBroadcasterOptions {
  zego: Pick<ZegoServerApi, 'sendBarrageMessage'>
  store: SharedStore
  log: FastifyBaseLogger
  nowMs: () => number
  /** Messages to ZEGO rooms a second for the whole deployment (shared with likes). */
  messagesPerSecond: number
  roomMessagesPerSecond?: number
  tickMs?: number
  timer?: AnnounceTimer
}

interface Waiting {
  comment: LiveComment
  acceptedAtMs: number
}

interface RoomQueue {
  waiting: Waiting[]
  handle: unknown
  running: boolean
  failures: number
  skipped: number
  skipLoggedAtMs: number
}

export interface BroadcastCounts {
  /** Comments ZEGO took, and the barrage messages that carried them. */
  comments: number
  messages: number
  /** Comments left to the history (too late, too many waiting, or nobody in the room). */
  skipped: number
  /** Sends ZEGO refused or that failed, each retried. */
  failures: number
}

export class CommentBroadcaster {
  private readonly rooms = new Map<string, RoomQueue>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly budget: ZegoMessageBudget
  private readonly timer: AnnounceTimer
  private readonly tickMs: number
  private readonly roomMessagesPerSecond: number
  private stopped = false
  readonly counts: BroadcastCounts = { comments: 0, messages: 0, skipped: 0, failures: 0 }

  constructor(private readonly options: CommentBroadcasterOptions) {
    this.budget = new ZegoMessageBudget(options.store, options.messagesPerSecond, options.nowMs)
    this.timer = options.timer ?? systemTimer
    this.tickMs = options.tickMs ?? COMMENT_TICK_MS
    this.roomMessagesPerSecond = options.roomMessagesPerSecond ?? ROOM_MESSAGES_PER_SECOND
  }

  /** An accepted comment (checked and stored): its room's next batch carries it. */
  enqueue(comment: LiveComment): void {
    if (this.stopped) return
    let room = this.rooms.get(comment.roomId)
    if (room === undefined) {
      room = { waiting: [], handle: null, running: false, failures: 0, skipped: 0, skipLoggedAtMs: -Infinity }
      this.rooms.set(comment.roomId, room)
    }
    room.waiting.push({ comment, acceptedAtMs: this.options.nowMs() })
    if (room.waiting.length > MAX_PENDING_PER_ROOM) {
      room.waiting.shift()
      this.skip(comment.roomId, room, 1)
    }
    // A quiet room sends at once; comments of the same turn of the event loop share the batch.
    if (room.handle === null && !room.running) this.schedule(comment.roomId, room, 0)
  }

  /** Comments waiting to be broadcast, all rooms together. */
  get waiting(): number {
    let n = 0
    for (const room of this.rooms.values()) n += room.waiting.length
    return n
  }

  /** Resolves once no batch is being sent (tests wait on it after moving the clock). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  /** Batches on their way finish; nothing new starts (the app is closing). What waits is in the history. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const room of this.rooms.values()) if (room.handle !== null) this.timer.cancel(room.handle)
    await this.idle()
    const left = this.waiting
    if (left > 0) this.options.log.info({ comments: left }, 'closing: live comments not broadcast (they are in the history)')
    this.rooms.clear()
  }

  private schedule(roomId: string, room: RoomQueue, ms: number): void {
    room.handle = this.timer.start(() => {
      room.handle = null
      const run = this.tick(roomId, room).finally(() => this.inFlight.delete(run))
      this.inFlight.add(run)
    }, ms)
  }

  private async tick(roomId: string, room: RoomQueue): Promise<void> {
    if (this.stopped) return
    room.running = true
    let next: number | null
    try {
      next = await this.sendNext(roomId, room)
    } catch (err) {
      // Not ZEGO's answer (the shared store failed): the comments wait for the next tick.
      this.options.log.error({ err, roomId }, 'live comments not broadcast this tick')
      next = this.tickMs
    }
    room.running = false
    if (next === null || this.stopped) {
      if (room.waiting.length === 0) this.rooms.delete(roomId)
      return
    }
    this.schedule(roomId, room, next)
  }

  /** Sends the room's next batch if the budgets allow; answers when to tick again (null: nothing waits). */
  private async sendNext(roomId: string, room: RoomQueue): Promise<number | null> {
    const { store, zego, nowMs, log } = this.options
    const now = nowMs()
    let stale = 0
    while (stale < room.waiting.length && now - (room.waiting[stale]?.acceptedAtMs ?? now) > MAX_BROADCAST_DELAY_MS) stale += 1
    if (stale > 0) {
      room.waiting.splice(0, stale)
      this.skip(roomId, room, stale)
    }
    if (room.waiting.length === 0) return null

    const second = Math.floor(now / 1000)
    if (!(await store.takeFromBudget(`comments:room-messages:${roomId}:${second}`, this.roomMessagesPerSecond, 2))) return this.tickMs
    if (!(await this.budget.take(COMMENT_BUDGET_SHARE))) return this.tickMs

    const batch = packCommentBatch(
      roomId,
      room.waiting.slice(0, PACK_WINDOW).map((w) => w.comment),
    )
    // Taken off the queue while on its way, so comments skipped meanwhile cannot shift it.
    const sending = room.waiting.splice(0, batch.count)
    try {
      await zego.sendBarrageMessage({ roomId, userId: COMMENT_BATCH_SENDER_ID, content: batch.content })
    } catch (err) {
      const code = err instanceof ZegoApiError ? err.code : undefined
      const fields = { roomId, comments: sending.length, failure: err instanceof ZegoApiError ? err.failure : 'bug', code, err: err instanceof Error ? err.message : String(err) }
      if (code === ROOM_DOES_NOT_EXIST || code === MESSAGE_TOO_LONG) {
        // Nobody is in the room to read them (late viewers read the history), or ZEGO never will take it.
        log[code === ROOM_DOES_NOT_EXIST ? 'info' : 'error'](fields, 'live comments not broadcast: ZEGO will not take this batch')
        this.counts.skipped += sending.length
        return room.waiting.length > 0 ? this.tickMs : null
      }
      room.failures += 1
      this.counts.failures += 1
      room.waiting.unshift(...sending)
      log.warn({ ...fields, failures: room.failures }, 'ZEGO did not take a batch of live comments; retrying')
      return Math.min(MAX_RETRY_PAUSE_MS, this.tickMs * 2 ** room.failures)
    }
    room.failures = 0
    this.counts.comments += sending.length
    this.counts.messages += 1
    return room.waiting.length > 0 ? this.tickMs : null
  }

  private skip(roomId: string, room: RoomQueue, count: number): void {
    room.skipped += count
    this.counts.skipped += count
    const now = this.options.nowMs()
    if (now - room.skipLoggedAtMs < SKIP_LOG_INTERVAL_MS) return
    this.options.log.warn({ roomId, skipped: room.skipped }, 'live comments left to the history: more than ZEGO could broadcast in time')
    room.skipLoggedAtMs = now
    room.skipped = 0
  }
}
