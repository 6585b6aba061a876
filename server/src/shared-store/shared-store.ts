import type { RoomEventRelay } from '../console/room-events'
import type { RateLimitCounter } from '../http/rate-limit-store'

/**
 * What several server instances must share: cached upstream data, the daily upstream budget and
 * single-flight locks. Redis provides it across instances; without REDIS_URL an in-process map does.
 */
export interface SharedStore {
  readonly kind: 'memory' | 'redis'
  get(key: string): Promise<string | null>
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  del(key: string): Promise<void>
  /** Counts one unit against `limit`; false (and nothing counted) once the limit is reached. */
  takeFromBudget(key: string, limit: number, ttlSeconds: number): Promise<boolean>
  /** Marks a budget as spent, e.g. when upstream reports its own quota exhausted. */
  exhaustBudget(key: string, limit: number, ttlSeconds: number): Promise<void>
  readCounter(key: string): Promise<number>
  /** A lock token when acquired, null when someone else holds the lock. */
  tryLock(key: string, ttlMs: number): Promise<string | null>
  unlock(key: string, token: string): Promise<void>
  close(): Promise<void>
  /**
   * Rate-limit counts shared between instances (Redis). Absent: each process counts for itself,
   * as @fastify/rate-limit does by default.
   */
  readonly rateLimitCounter?: RateLimitCounter
  /** Carries the live monitor's room events to every instance (Redis pub/sub). Absent: they stay in this process. */
  createRoomRelay?(): RoomEventRelay
  /** Sends `message` to every instance subscribed to `channel` (Redis PUBLISH). Absent: one instance only. */
  broadcast?(channel: string, message: string): Promise<void>
  /**
   * Receives `channel`'s messages; `onResync` runs when the subscription comes back after a lost
   * connection (messages may have been missed). Resolves to the unsubscribe function.
   */
  subscribe?(channel: string, onMessage: (message: string) => void, onResync: () => void): Promise<() => Promise<void>>
}
