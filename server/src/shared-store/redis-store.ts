import { randomBytes } from 'node:crypto'
import Redis from 'ioredis'
import type { RoomEventRelay } from '../console/room-events'
import type { RateLimitCount, RateLimitCounter } from '../http/rate-limit-store'
import { RedisRoomRelay } from './redis-room-relay'
import type { SharedStore } from './shared-store'

// Check-and-increment must be atomic across instances, hence Lua.
const TAKE_FROM_BUDGET = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
if used == 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1`

// A fixed window that starts at the first request, as @fastify/rate-limit's own Redis store has it.
const RATE_LIMIT_INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {current, redis.call('PTTL', KEYS[1])}`

/** Rate-limit keys in Redis, after the store's own `storefront:` prefix. */
export const RATE_LIMIT_NAMESPACE = 'rate-limit:'

const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** SharedStore over Redis, so every instance sees the same cache, budget and locks. */
export class RedisStore implements SharedStore {
  readonly kind = 'redis' as const
  private readonly redis: Redis

  constructor(
    url: string,
    private readonly keyPrefix = 'storefront:',
  ) {
    this.redis = new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableOfflineQueue: true })
  }

  /**
   * The connection itself, for @fastify/rate-limit's Redis store: the rate-limit counters then need
   * no second connection, and ioredis gives their script keys this store's prefix as well.
   */
  get client(): Redis {
    return this.redis
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key)
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'EX', ttlSeconds)
  }

  async del(key: string): Promise<void> {
    await this.redis.del(key)
  }

  async takeFromBudget(key: string, limit: number, ttlSeconds: number): Promise<boolean> {
    const taken = await this.redis.eval(TAKE_FROM_BUDGET, 1, key, String(limit), String(ttlSeconds))
    return taken === 1
  }

  async exhaustBudget(key: string, limit: number, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, String(limit), 'EX', ttlSeconds)
  }

  async readCounter(key: string): Promise<number> {
    return Number((await this.redis.get(key)) ?? 0)
  }

  async tryLock(key: string, ttlMs: number): Promise<string | null> {
    const token = randomBytes(8).toString('hex')
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX')
    return ok === 'OK' ? token : null
  }

  async unlock(key: string, token: string): Promise<void> {
    await this.redis.eval(UNLOCK, 1, key, token)
  }

  readonly rateLimitCounter: RateLimitCounter = {
    increment: async (key: string, windowMs: number): Promise<RateLimitCount> => {
      const [current, ttl] = (await this.redis.eval(RATE_LIMIT_INCREMENT, 1, RATE_LIMIT_NAMESPACE + key, String(windowMs))) as [number, number]
      return { current, ttl: ttl < 0 ? windowMs : ttl }
    },
  }

  createRoomRelay(): RoomEventRelay {
    return new RedisRoomRelay(this.redis, this.keyPrefix)
  }

  /** Pub/sub channels are not prefixed by ioredis, so the store's prefix is added here. */
  async broadcast(channel: string, message: string): Promise<void> {
    await this.redis.publish(this.keyPrefix + channel, message)
  }

  async subscribe(channel: string, onMessage: (message: string) => void, onResync: () => void): Promise<() => Promise<void>> {
    // A subscribed connection can do nothing else, hence a second one.
    const subscriber = this.redis.duplicate()
    const name = this.keyPrefix + channel
    let connectedBefore = false
    subscriber.on('ready', () => {
      if (connectedBefore) onResync()
      connectedBefore = true
    })
    subscriber.on('message', (from: string, message: string) => {
      if (from === name) onMessage(message)
    })
    // Errors are retried by ioredis; without a listener they would be thrown.
    subscriber.on('error', () => undefined)
    await subscriber.subscribe(name)
    return async () => {
      await subscriber.quit().catch(() => undefined)
    }
  }

  async close(): Promise<void> {
    await this.redis.quit()
  }
}
