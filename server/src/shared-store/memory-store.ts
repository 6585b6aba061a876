import { randomBytes } from 'node:crypto'
import type { SharedStore } from './shared-store'

interface Entry {
  value: string
  expiresAt: number
}

/**
 * In-process SharedStore for a single instance (and for tests, where two app instances may share
 * one, broadcasts included, as they would share Redis). `now` is injectable for expiry.
 */
export class MemoryStore implements SharedStore {
  readonly kind = 'memory' as const
  private readonly entries = new Map<string, Entry>()
  private readonly channels = new Map<string, Set<(message: string) => void>>()

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key)
    if (entry !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 })
  }

  async del(key: string): Promise<void> {
    this.entries.delete(key)
  }

  async takeFromBudget(key: string, limit: number, ttlSeconds: number): Promise<boolean> {
    const entry = this.live(key)
    const used = entry === undefined ? 0 : Number(entry.value)
    if (used >= limit) return false
    this.entries.set(key, { value: String(used + 1), expiresAt: entry?.expiresAt ?? this.now() + ttlSeconds * 1000 })
    return true
  }

  async exhaustBudget(key: string, limit: number, ttlSeconds: number): Promise<void> {
    const entry = this.live(key)
    this.entries.set(key, { value: String(limit), expiresAt: entry?.expiresAt ?? this.now() + ttlSeconds * 1000 })
  }

  async readCounter(key: string): Promise<number> {
    return Number(this.live(key)?.value ?? 0)
  }

  async tryLock(key: string, ttlMs: number): Promise<string | null> {
    if (this.live(key) !== undefined) return null
    const token = randomBytes(8).toString('hex')
    this.entries.set(key, { value: token, expiresAt: this.now() + ttlMs })
    return token
  }

  async unlock(key: string, token: string): Promise<void> {
    if (this.live(key)?.value === token) this.entries.delete(key)
  }

  async broadcast(channel: string, message: string): Promise<void> {
    for (const listener of this.channels.get(channel) ?? []) listener(message)
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    let listeners = this.channels.get(channel)
    if (listeners === undefined) this.channels.set(channel, (listeners = new Set()))
    listeners.add(onMessage)
    return async () => void listeners.delete(onMessage)
  }

  async close(): Promise<void> {
    this.entries.clear()
    this.channels.clear()
  }
}
