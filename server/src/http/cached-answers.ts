/**
 * The prepared answers of the public lists (GET /api/rooms, GET /api/goods), the records hot
 * routes read on every request (rooms, users, a room's mutes), and what drops them:
 * every write to their tables, found by the database plugin (shared-store/write-watch.ts), here
 * and, through the shared store, in the other instances.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { DatabaseKind } from '../db/database'
import { CacheInvalidation } from '../shared-store/cache-invalidation'
import type { SharedStore } from '../shared-store/shared-store'
import { WriteWatch } from '../shared-store/write-watch'
import type { Room } from '../../../miniprogram/contract/room-schemas'
import type { User } from '../auth/users-repo'
import { LookupMemo } from './lookup-memo'
import { PreparedCache } from './prepared-body'

export interface CachedAnswers {
  invalidation: CacheInvalidation
  rooms: PreparedCache
  goods: PreparedCache
  /** Rooms by ID, for the routes every viewer calls (comments, tokens). */
  room: LookupMemo<Room | undefined>
  /** Users by ID, for resolving session tokens. */
  user: LookupMemo<User | undefined>
  /** Each room's muted users (user ID → muted until, Unix seconds), read by every comment. */
  mutes: LookupMemo<ReadonlyMap<string, number>>
}

/** Rooms and users kept in memory at most; the busiest are asked for again at once when dropped. */
const MAX_RECORDS = 10_000

/** Queries kept per list: the pages and filters shoppers actually open. */
const MAX_QUERIES = 256
/**
 * Writes through this server are seen at once; these bound what a write from outside it leaves
 * behind (a script on the database, a lost cross-instance message).
 */
const SINGLE_INSTANCE_MAX_AGE_MS = 60_000
const SHARED_MAX_AGE_MS = 30_000
/** Roles and room status decide what a request may do: re-read every few seconds whatever happens. */
const RECORD_MAX_AGE_MS = 5_000
/** PostgreSQL: the change is reported again once the writing transaction has surely committed. */
const POSTGRES_SETTLE_MS = 250

/** Public room list and goods list: no shared cache may serve them without asking (they change on every write). */
export const LIST_CACHE_CONTROL = 'public, no-cache'

export function createCachedAnswers(store: SharedStore, log: FastifyBaseLogger, nowMs: () => number, databaseKind: DatabaseKind): { answers: CachedAnswers; writeWatch: WriteWatch } {
  const maxAgeMs = store.kind === 'memory' ? SINGLE_INSTANCE_MAX_AGE_MS : SHARED_MAX_AGE_MS
  const answers: CachedAnswers = {
    invalidation: new CacheInvalidation(store, log),
    rooms: new PreparedCache({ maxEntries: MAX_QUERIES, maxAgeMs, nowMs }),
    goods: new PreparedCache({ maxEntries: MAX_QUERIES, maxAgeMs, nowMs }),
    room: new LookupMemo(MAX_RECORDS, RECORD_MAX_AGE_MS, nowMs),
    user: new LookupMemo(MAX_RECORDS, RECORD_MAX_AGE_MS, nowMs),
    mutes: new LookupMemo(MAX_RECORDS, RECORD_MAX_AGE_MS, nowMs),
  }
  answers.invalidation.on('rooms', () => {
    answers.rooms.invalidate()
    answers.room.clear()
  })
  answers.invalidation.on('goods', () => answers.goods.invalidate())
  answers.invalidation.on('users', () => answers.user.clear())
  answers.invalidation.on('mutes', () => answers.mutes.clear())
  const rooms = (): void => answers.invalidation.changed('rooms')
  const goods = (): void => answers.invalidation.changed('goods')
  const users = (): void => answers.invalidation.changed('users')
  const mutes = (): void => answers.invalidation.changed('mutes')
  const writeWatch = new WriteWatch({
    tables: { rooms, goods, goods_skus: goods, users, room_mutes: mutes },
    settleMs: databaseKind === 'postgres' ? POSTGRES_SETTLE_MS : 0,
  })
  return { answers, writeWatch }
}
