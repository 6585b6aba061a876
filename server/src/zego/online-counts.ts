/**
 * Online counts of our ZEGO rooms for the console, from DescribeUserNum. Counts are cached in the
 * shared store (every instance reuses them) for a few seconds; rooms to refresh go out in batches
 * of at most 10, the rooms counted longest ago first, and each call first takes one of
 * `callsPerSecond` slots that stays taken for a full second, so all instances together never call
 * more often than that in any second. When ZEGO fails or no slot is free, a room keeps its last
 * count with its age, or has none; either way the answer says why. A count is never made up.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { OnlineCount, OnlineProblemCode } from '../../../miniprogram/contract/online-schemas'
import type { SharedStore } from '../shared-store/shared-store'
import { USER_NUM_ROOMS_PER_CALL, ZegoApiError, type RoomUserCount, type ZegoServerApi } from './server-api'

export interface OnlineCountsOptions {
  freshSeconds: number
  keepSeconds: number
  callsPerSecond: number
  nowMs: () => number
}

interface Cached extends RoomUserCount {
  /** ms of ZEGO's answer */
  at: number
}

type Problem = NonNullable<OnlineCount['problem']>
type Refresh = { counted: Cached } | { problem: Problem }

const CACHE_PREFIX = 'zego:online:'
const SLOT_PREFIX = 'zego:user-num-slot:'
const SLOT_MS = 1000

export class OnlineCounts {
  /** Rooms being counted by this instance right now: a second reader waits for the same call. */
  private readonly inFlight = new Map<string, Promise<Refresh>>()

  constructor(
    private readonly api: Pick<ZegoServerApi, 'describeUserNum'>,
    private readonly store: SharedStore,
    private readonly log: FastifyBaseLogger,
    private readonly options: OnlineCountsOptions,
  ) {}

  get freshSeconds(): number {
    return this.options.freshSeconds
  }

  async read(roomIds: readonly string[]): Promise<OnlineCount[]> {
    const now = this.options.nowMs()
    const cached = new Map<string, Cached>()
    await Promise.all(
      roomIds.map(async (id) => {
        const raw = await this.store.get(CACHE_PREFIX + id)
        if (raw !== null) cached.set(id, JSON.parse(raw) as Cached)
      }),
    )
    const stale = roomIds.filter((id) => !this.isFresh(cached.get(id), now) && !this.inFlight.has(id))
    stale.sort((a, b) => (cached.get(a)?.at ?? -1) - (cached.get(b)?.at ?? -1))
    for (let i = 0; i < stale.length; i += USER_NUM_ROOMS_PER_CALL) this.startBatch(stale.slice(i, i + USER_NUM_ROOMS_PER_CALL))

    return Promise.all(
      roomIds.map(async (roomId) => {
        const pending = this.isFresh(cached.get(roomId), now) ? undefined : this.inFlight.get(roomId)
        const refresh = pending === undefined ? undefined : await pending
        if (refresh !== undefined && 'counted' in refresh) return this.present(roomId, refresh.counted, null)
        const last = cached.get(roomId)
        return this.present(roomId, last ?? null, refresh?.problem ?? null)
      }),
    )
  }

  private isFresh(entry: Cached | undefined, now: number): boolean {
    return entry !== undefined && now - entry.at < this.options.freshSeconds * 1000
  }

  private present(roomId: string, entry: Cached | null, problem: Problem | null): OnlineCount {
    const now = this.options.nowMs()
    return {
      roomId,
      count: entry?.userCount ?? null,
      adminCount: entry?.adminUserCount ?? null,
      countedAt: entry === null ? null : Math.floor(entry.at / 1000),
      ageSeconds: entry === null ? null : Math.max(0, Math.floor((now - entry.at) / 1000)),
      problem,
    }
  }

  private startBatch(roomIds: string[]): void {
    const batch = this.countBatch(roomIds)
    for (const id of roomIds) {
      const mine = batch.then((outcome) => outcome.get(id) ?? { problem: { code: 'zego_error' as const, message: 'ZEGO did not answer for this room' } })
      this.inFlight.set(id, mine)
      void mine.finally(() => {
        if (this.inFlight.get(id) === mine) this.inFlight.delete(id)
      })
    }
  }

  private async countBatch(roomIds: string[]): Promise<Map<string, Refresh>> {
    const everyone = (problem: Problem): Map<string, Refresh> => new Map(roomIds.map((id) => [id, { problem }]))
    try {
      if (!(await this.takeSlot())) {
        return everyone({ code: 'rate_limited', message: `ZEGO allows ${this.options.callsPerSecond} online-count calls a second; this room is counted on a later refresh` })
      }
      const counts = await this.api.describeUserNum(roomIds)
      const at = this.options.nowMs()
      const result = new Map<string, Refresh>()
      for (const [id, count] of counts) {
        const entry: Cached = { ...count, at }
        await this.store.set(CACHE_PREFIX + id, JSON.stringify(entry), this.options.keepSeconds)
        result.set(id, { counted: entry })
      }
      return result
    } catch (err) {
      const problem = problemOf(err)
      this.log.warn({ err: { message: err instanceof Error ? err.message : String(err) }, rooms: roomIds.length, code: problem.code }, 'online count from ZEGO failed')
      return everyone(problem)
    }
  }

  /** One of callsPerSecond slots, each held for a second after it is taken (a sliding window). */
  private async takeSlot(): Promise<boolean> {
    for (let slot = 0; slot < this.options.callsPerSecond; slot += 1) {
      if ((await this.store.tryLock(`${SLOT_PREFIX}${slot}`, SLOT_MS)) !== null) return true
    }
    return false
  }
}

function problemOf(err: unknown): Problem {
  if (!(err instanceof ZegoApiError)) return { code: 'zego_error', message: 'the online count could not be read' }
  const code: OnlineProblemCode = err.failure === 'timeout' ? 'timeout' : err.failure === 'network' ? 'network' : err.code === 206 || err.code === 207 ? 'rate_limited' : 'zego_error'
  return { code, message: err.message }
}
