/**
 * @fastify/rate-limit's store over a shared counter (Redis), failing closed. Sign-in, tokens and
 * comments are what an attacker hammers, so an outage of the counter must not switch their limits
 * off. A short outage (a failover, a restart) is bridged: for GRACE_MS after the first failure in a
 * row each instance counts in its own memory and keeps serving; after that the limited routes answer
 * 503 `rate_limit_unavailable` until the counter answers again. Each call to the counter is given
 * CALL_TIMEOUT_MS, so a hung connection costs a request no more than that.
 */
import { ApiError } from '../errors'

export interface RateLimitCount {
  current: number
  /** Milliseconds until the window ends. */
  ttl: number
}

/** One shared counter per key with a fixed window that starts at the first increment. */
export interface RateLimitCounter {
  increment(key: string, windowMs: number): Promise<RateLimitCount>
}

export const RATE_LIMIT_GRACE_MS = 30_000
export const RATE_LIMIT_CALL_TIMEOUT_MS = 1_000
const LOCAL_KEYS_MAX = 10_000

interface Health {
  failingSinceMs: number | null
  local: Map<string, { count: number; endsAtMs: number }>
}

export interface FailClosedStoreOptions {
  counter: RateLimitCounter
  nowMs: () => number
  /** Told once when the counter fails and once when it recovers. */
  onHealthChange: (healthy: boolean, err?: unknown) => void
  graceMs?: number
  callTimeoutMs?: number
}

type Callback = (err: Error | null, result?: RateLimitCount) => void
/** What the plugin passes to `child`: the route's options, with `routeInfo` added at run time. */
interface RouteOptions {
  routeInfo?: { method: string; url: string }
  method?: unknown
  url?: unknown
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`rate-limit counter did not answer within ${ms} ms`)), ms)
    timer.unref()
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** A store class in the shape @fastify/rate-limit instantiates (`new Store(globalParams)`). */
export function failClosedStore(options: FailClosedStoreOptions): new () => FailClosedRateLimitStore {
  const health: Health = { failingSinceMs: null, local: new Map() }
  return class extends FailClosedRateLimitStore {
    constructor() {
      super(options, health, '')
    }
  }
}

export class FailClosedRateLimitStore {
  constructor(
    private readonly options: FailClosedStoreOptions,
    private readonly health: Health,
    private readonly prefix: string,
  ) {}

  incr(key: string, cb: Callback, timeWindow: number): void {
    const fullKey = this.prefix + key
    withTimeout(this.options.counter.increment(fullKey, timeWindow), this.options.callTimeoutMs ?? RATE_LIMIT_CALL_TIMEOUT_MS).then(
      (count) => {
        if (this.health.failingSinceMs !== null) {
          this.health.failingSinceMs = null
          this.health.local.clear()
          this.options.onHealthChange(true)
        }
        cb(null, count)
      },
      (err: unknown) => cb(...this.fallback(fullKey, timeWindow, err)),
    )
  }

  child(routeOptions: RouteOptions): FailClosedRateLimitStore {
    const method = routeOptions.routeInfo?.method ?? String(routeOptions.method)
    const url = routeOptions.routeInfo?.url ?? String(routeOptions.url)
    return new FailClosedRateLimitStore(this.options, this.health, `${this.prefix}${method}${url}-`)
  }

  private fallback(key: string, windowMs: number, err: unknown): [Error | null, RateLimitCount?] {
    const now = this.options.nowMs()
    if (this.health.failingSinceMs === null) {
      this.health.failingSinceMs = now
      this.options.onHealthChange(false, err)
    }
    if (now - this.health.failingSinceMs > (this.options.graceMs ?? RATE_LIMIT_GRACE_MS)) {
      return [new ApiError(503, 'rate_limit_unavailable', 'the rate-limit counter cannot be reached; try again shortly')]
    }
    const local = this.health.local
    let entry = local.get(key)
    if (entry === undefined || entry.endsAtMs <= now) {
      if (local.size >= LOCAL_KEYS_MAX) local.clear()
      entry = { count: 0, endsAtMs: now + windowMs }
      local.set(key, entry)
    }
    entry.count += 1
    return [null, { current: entry.count, ttl: entry.endsAtMs - now }]
  }
}
