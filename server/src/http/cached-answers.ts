/**
 * The prepared answers of the public lists (GET /api/rooms, GET /api/goods) and what drops them:
 * every write to their tables, found by the database plugin (shared-store/write-watch.ts), here
 * and, through the shared store, in the other instances.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { DatabaseKind } from '../db/database'
import { CacheInvalidation } from '../shared-store/cache-invalidation'
import type { SharedStore } from '../shared-store/shared-store'
import { WriteWatch } from '../shared-store/write-watch'
import { PreparedCache } from './prepared-body'

export interface CachedAnswers {
  invalidation: CacheInvalidation
  rooms: PreparedCache
  goods: PreparedCache
}

/** Queries kept per list: the pages and filters shoppers actually open. */
const MAX_QUERIES = 256
/** Alone, an instance is told of every write; with others, a lost message is repaired within this. */
const SINGLE_INSTANCE_MAX_AGE_MS = 10 * 60_000
const SHARED_MAX_AGE_MS = 30_000
/** PostgreSQL: the change is reported again once the writing transaction has surely committed. */
const POSTGRES_SETTLE_MS = 250

/** Public room list and goods list: no shared cache may serve them without asking (they change on every write). */
export const LIST_CACHE_CONTROL = 'public, no-cache'

export function createCachedAnswers(store: SharedStore, log: FastifyBaseLogger, nowMs: () => number, databaseKind: DatabaseKind): { answers: CachedAnswers; writeWatch: WriteWatch } {
  const maxAgeMs = store.broadcast === undefined ? SINGLE_INSTANCE_MAX_AGE_MS : SHARED_MAX_AGE_MS
  const answers: CachedAnswers = {
    invalidation: new CacheInvalidation(store, log),
    rooms: new PreparedCache({ maxEntries: MAX_QUERIES, maxAgeMs, nowMs }),
    goods: new PreparedCache({ maxEntries: MAX_QUERIES, maxAgeMs, nowMs }),
  }
  answers.invalidation.on('rooms', () => answers.rooms.invalidate())
  answers.invalidation.on('goods', () => answers.goods.invalidate())
  const rooms = (): void => answers.invalidation.changed('rooms')
  const goods = (): void => answers.invalidation.changed('goods')
  const writeWatch = new WriteWatch({
    tables: { rooms, goods, goods_skus: goods },
    settleMs: databaseKind === 'postgres' ? POSTGRES_SETTLE_MS : 0,
  })
  return { answers, writeWatch }
}
