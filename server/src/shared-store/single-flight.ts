/**
 * At most one concurrent run per key: callers in this process share one promise, and the store's
 * lock keeps other instances out. An instance that finds the lock taken waits for it to clear and
 * then runs `follower` (typically: read what the leader wrote).
 */
import type { SharedStore } from './shared-store'

export interface SingleFlightOptions {
  lockTtlMs: number
  waitMs: number
  pollMs?: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>()

  constructor(private readonly store: SharedStore) {}

  run<T>(key: string, leader: () => Promise<T>, follower: () => Promise<T>, options: SingleFlightOptions): Promise<T> {
    const existing = this.inFlight.get(key) as Promise<T> | undefined
    if (existing !== undefined) return existing
    const promise = this.acquireAndRun(key, leader, follower, options).finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, promise)
    return promise
  }

  private async acquireAndRun<T>(key: string, leader: () => Promise<T>, follower: () => Promise<T>, options: SingleFlightOptions): Promise<T> {
    const lockKey = `lock:${key}`
    const token = await this.store.tryLock(lockKey, options.lockTtlMs)
    if (token !== null) {
      try {
        return await leader()
      } finally {
        await this.store.unlock(lockKey, token)
      }
    }
    const deadline = Date.now() + options.waitMs
    while (Date.now() < deadline && (await this.store.get(lockKey)) !== null) await sleep(options.pollMs ?? 50)
    return follower()
  }
}
