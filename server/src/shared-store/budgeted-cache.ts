/**
 * Upstream data cached within a daily call budget. A request gets fresh data when the entry is
 * younger than `maxAgeSeconds`; otherwise one caller (single flight, across instances) refreshes it
 * if the budget allows. When the refresh fails or the budget is spent, the last good data is
 * served with its age. Only when there has never been good data does the caller get an error.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { SharedStore } from './shared-store'
import type { SingleFlight } from './single-flight'

export interface CachedValue<T> {
  data: T
  /** Unix milliseconds of the upstream answer. */
  fetchedAt: number
  stale: boolean
}

export interface BudgetRule {
  /** Counter key prefix; the day is appended so the budget resets daily. */
  key: string
  dailyLimit: number
}

export interface CacheRequest<T> {
  key: string
  maxAgeSeconds: number
  budget: BudgetRule
  /** Calls upstream; `spend()` must be awaited before each upstream call and throws when the budget is spent. */
  fetch: (spend: () => Promise<void>) => Promise<T>
  /** Errors after which the rest of today's budget is given up (upstream quota exhausted). */
  isQuotaError?: (err: unknown) => boolean
}

export class BudgetSpentError extends Error {
  constructor() {
    super('daily upstream budget spent')
    this.name = 'BudgetSpentError'
  }
}

export class NoDataError extends Error {
  constructor(readonly cause: unknown) {
    super(`no cached data and upstream unavailable: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'NoDataError'
  }
}

interface StoredEntry<T> {
  data: T
  fetchedAt: number
}

/** Keep data far longer than it is fresh: stale data beats no data. */
const RETENTION_SECONDS = 7 * 24 * 3600
/** After a failed refresh, callers are served stale data for this long instead of retrying. */
const FAILURE_BACKOFF_SECONDS = 30
const BUDGET_TTL_SECONDS = 2 * 24 * 3600

/** WeChat's daily quotas reset at midnight Beijing time (UTC+8). */
export function quotaDay(nowMs: number): string {
  return new Date(nowMs + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

export class BudgetedCache {
  constructor(
    private readonly store: SharedStore,
    private readonly singleFlight: SingleFlight,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(req: CacheRequest<T>): Promise<CachedValue<T>> {
    const entry = await this.read<T>(req.key)
    if (entry !== null && this.isFresh(entry, req)) return { ...entry, stale: false }
    return this.singleFlight.run(
      `cache:${req.key}`,
      () => this.refresh(req),
      async () => {
        const after = await this.read<T>(req.key)
        if (after === null) throw new NoDataError(new Error('refresh by another instance produced no data'))
        return { ...after, stale: !this.isFresh(after, req) }
      },
      { lockTtlMs: 30000, waitMs: 30000 },
    )
  }

  /** Today's upstream calls counted against `rule`. */
  usedToday(rule: BudgetRule): Promise<number> {
    return this.store.readCounter(`${rule.key}:${quotaDay(this.now())}`)
  }

  private isFresh(entry: StoredEntry<unknown>, req: CacheRequest<unknown>): boolean {
    return this.now() - entry.fetchedAt < req.maxAgeSeconds * 1000
  }

  private async read<T>(key: string): Promise<StoredEntry<T> | null> {
    const raw = await this.store.get(`data:${key}`)
    return raw === null ? null : (JSON.parse(raw) as StoredEntry<T>)
  }

  private async refresh<T>(req: CacheRequest<T>): Promise<CachedValue<T>> {
    // Another instance may have refreshed while this one waited for the lock.
    const entry = await this.read<T>(req.key)
    if (entry !== null && this.isFresh(entry, req)) return { ...entry, stale: false }
    const backoffKey = `backoff:${req.key}`
    if ((await this.store.get(backoffKey)) !== null) {
      if (entry !== null) return { ...entry, stale: true }
      throw new NoDataError(new Error('upstream failed moments ago; waiting before the next attempt'))
    }

    const budgetKey = `${req.budget.key}:${quotaDay(this.now())}`
    const spend = async (): Promise<void> => {
      if (!(await this.store.takeFromBudget(budgetKey, req.budget.dailyLimit, BUDGET_TTL_SECONDS))) throw new BudgetSpentError()
    }
    try {
      const data = await req.fetch(spend)
      const fresh: StoredEntry<T> = { data, fetchedAt: this.now() }
      await this.store.set(`data:${req.key}`, JSON.stringify(fresh), RETENTION_SECONDS)
      return { ...fresh, stale: false }
    } catch (err) {
      if (req.isQuotaError?.(err) === true) await this.store.exhaustBudget(budgetKey, req.budget.dailyLimit, BUDGET_TTL_SECONDS)
      if (!(err instanceof BudgetSpentError)) await this.store.set(backoffKey, '1', FAILURE_BACKOFF_SECONDS)
      this.log.warn({ key: req.key, reason: err instanceof Error ? err.message : String(err), hasStale: entry !== null }, 'upstream refresh failed')
      if (entry !== null) return { ...entry, stale: true }
      throw new NoDataError(err)
    }
  }
}
