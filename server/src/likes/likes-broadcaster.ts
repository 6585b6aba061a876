/**
 * Announces rooms' like totals to everyone in them through ZEGO's SendCustomCommand, within ZEGO's
 * limits however many batches arrive: at most one announcement per room per interval, and at most
 * `commandsPerSecond` messages a second for the whole deployment (ZEGO allows 100 per AppID), an
 * allowance live comments share (zego/message-budget.ts). Both are counted in the shared store,
 * so several instances keep them together.
 *
 * An announcement carries the total read from the database when it is sent, never a delta, so a
 * later one always includes what an earlier one missed: a batch that lands while an announcement
 * is on its way is announced again one interval later, and failures are retried the same way.
 */
import type { FastifyBaseLogger } from 'fastify'
import { LIKES_BROADCAST_INTERVAL_MS, LIKES_SENDER_ID, likesCommandText } from '../../../miniprogram/contract/likes-rules'
import type { SharedStore } from '../shared-store/shared-store'
import { ZegoMessageBudget } from '../zego/message-budget'
import { ZegoApiError, type ZegoServerApi } from '../zego/server-api'
import type { LikesRepo } from './likes-repo'

export interface AnnounceTimer {
  start(run: () => void, ms: number): unknown
  cancel(handle: unknown): void
}

const systemTimer: AnnounceTimer = {
  start: (run, ms) => setTimeout(run, ms).unref(),
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/** ZEGO's answer when nobody is in the room: there is no one to tell, late joiners read the total. */
const ROOM_DOES_NOT_EXIST = 50001
/** Failures in a row after which a room waits for its next batch before trying again. */
const MAX_FAILURES = 4

export interface LikesBroadcasterOptions {
  likes: LikesRepo
  store: SharedStore
  zego: Pick<ZegoServerApi, 'sendCustomCommand'>
  log: FastifyBaseLogger
  nowMs: () => number
  /** Messages to ZEGO rooms a second, all rooms, instances and senders (comments too) together. */
  commandsPerSecond: number
  intervalMs?: number
  timer?: AnnounceTimer
  /** Told each new total as it goes to the room (the live monitor shows it), whatever ZEGO answers. */
  onTotal?: (roomId: string, total: number) => void
}

interface RoomState {
  handle: unknown
  running: boolean
  /** A batch landed while an announcement was on its way: announce again. */
  dirty: boolean
  failures: number
}

export class LikesBroadcaster {
  private readonly rooms = new Map<string, RoomState>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly intervalMs: number
  private readonly timer: AnnounceTimer
  private readonly budget: ZegoMessageBudget
  private stopped = false

  constructor(private readonly options: LikesBroadcasterOptions) {
    this.intervalMs = options.intervalMs ?? LIKES_BROADCAST_INTERVAL_MS
    this.timer = options.timer ?? systemTimer
    this.budget = new ZegoMessageBudget(options.store, options.commandsPerSecond, options.nowMs)
  }

  /** A batch was added to the room's total: the room hears of it within the interval. */
  touch(roomId: string): void {
    if (this.stopped) return
    const state = this.rooms.get(roomId)
    if (state !== undefined) {
      if (state.running) state.dirty = true
      return
    }
    const fresh: RoomState = { handle: null, running: false, dirty: false, failures: 0 }
    this.rooms.set(roomId, fresh)
    this.schedule(roomId, fresh, 0)
  }

  /** Announcements on their way finish; nothing new starts (the app is closing). */
  async stop(): Promise<void> {
    this.stopped = true
    for (const state of this.rooms.values()) if (state.handle !== null) this.timer.cancel(state.handle)
    await this.idle()
    this.rooms.clear()
  }

  /** Resolves once no announcement is being sent (tests wait on it after moving the clock). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  private schedule(roomId: string, state: RoomState, ms: number): void {
    state.handle = this.timer.start(() => {
      state.handle = null
      const run = this.announce(roomId, state).finally(() => this.inFlight.delete(run))
      this.inFlight.add(run)
    }, ms)
  }

  private async announce(roomId: string, state: RoomState): Promise<void> {
    if (this.stopped) return
    state.running = true
    state.dirty = false
    let next: number | null = null
    try {
      next = await this.tryAnnounce(roomId)
      if (next === null) state.failures = 0
    } catch (err) {
      state.failures += 1
      const gone = err instanceof ZegoApiError && err.code === ROOM_DOES_NOT_EXIST
      const fields = { roomId, failures: state.failures, err: err instanceof Error ? err.message : String(err), code: err instanceof ZegoApiError ? err.code : undefined }
      if (gone || state.failures >= MAX_FAILURES) {
        this.options.log[gone ? 'info' : 'error'](fields, gone ? 'likes total not announced: nobody is in the ZEGO room' : 'likes total not announced; waiting for the next batch')
        state.failures = 0
      } else {
        this.options.log.warn(fields, 'likes total not announced; retrying')
        next = this.intervalMs * 2 ** (state.failures - 1)
      }
    }
    state.running = false
    if (next === null && state.dirty) next = this.intervalMs
    if (next === null || this.stopped) this.rooms.delete(roomId)
    else this.schedule(roomId, state, next)
  }

  /** Sends the room's total if its slot and the second's budget allow; otherwise answers when to try again. */
  private async tryAnnounce(roomId: string): Promise<number | null> {
    const { store, likes, zego } = this.options
    // Held for the whole interval and never released: its expiry opens the room's next slot. Held
    // elsewhere: another instance announced within the interval, maybe before this batch landed.
    if ((await store.tryLock(`likes:slot:${roomId}`, this.intervalMs)) === null) return this.intervalMs
    const total = await likes.total(roomId)
    const announcedKey = `likes:announced:${roomId}`
    if ((await store.get(announcedKey)) === String(total)) return null
    if (!(await this.budget.take())) return this.intervalMs
    // Told once the send is due (not on every wait for the budget), before ZEGO answers.
    this.options.onTotal?.(roomId, total)
    await zego.sendCustomCommand({ roomId, fromUserId: LIKES_SENDER_ID, content: likesCommandText(roomId, total) })
    await store.set(announcedKey, String(total), 24 * 3600)
    return null
  }
}
