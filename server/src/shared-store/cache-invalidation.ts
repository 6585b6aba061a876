/**
 * "This data changed": cached answers built from it are dropped in this process at once and, when
 * the store is shared (Redis), in every other instance through the store's broadcast channel.
 * A subscriber that lost its connection may have missed messages, so on reconnecting it drops
 * everything; the caches also rebuild on a timer (PreparedCache maxAgeMs) as a last resort.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { SharedStore } from './shared-store'

/** What cached answers are built from: the tables behind the public lists, and the rooms, users and mutes hot routes read. */
export type CacheTopic = 'rooms' | 'goods' | 'users' | 'mutes'
const TOPICS = new Set<string>(['rooms', 'goods', 'users', 'mutes'])

const CHANNEL = 'cache-invalidation'

export class CacheInvalidation {
  private readonly listeners = new Map<CacheTopic, Set<() => void>>()
  private readonly instanceId = randomBytes(6).toString('hex')
  private unsubscribe: (() => Promise<void>) | null = null
  /** Topics to broadcast at the end of this turn: an order's several stock updates send one message. */
  private readonly outgoing = new Set<CacheTopic>()

  constructor(
    private readonly store: SharedStore,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Runs `listener` whenever `topic` changes here or in another instance. */
  on(topic: CacheTopic, listener: () => void): void {
    let set = this.listeners.get(topic)
    if (set === undefined) this.listeners.set(topic, (set = new Set()))
    set.add(listener)
  }

  /** After a write to `topic`'s data. */
  changed(topic: CacheTopic): void {
    this.notify(topic)
    if (this.store.broadcast === undefined) return
    if (this.outgoing.size === 0) setImmediate(() => this.flush())
    this.outgoing.add(topic)
  }

  private flush(): void {
    const broadcast = this.store.broadcast?.bind(this.store)
    for (const topic of this.outgoing) {
      broadcast?.(CHANNEL, `${this.instanceId} ${topic}`).catch((err: unknown) => {
        this.log.warn({ err, topic }, 'cache invalidation not broadcast; other instances rebuild on their timer')
      })
    }
    this.outgoing.clear()
  }

  async start(): Promise<void> {
    if (this.store.subscribe === undefined) return
    this.unsubscribe = await this.store.subscribe(
      CHANNEL,
      (message) => {
        const [origin, topic] = message.split(' ')
        if (origin !== this.instanceId && topic !== undefined && TOPICS.has(topic)) this.notify(topic as CacheTopic)
      },
      () => {
        this.log.info('cache invalidation channel reconnected; dropping cached answers')
        for (const topic of this.listeners.keys()) this.notify(topic)
      },
    )
  }

  async close(): Promise<void> {
    await this.unsubscribe?.()
    this.unsubscribe = null
  }

  private notify(topic: CacheTopic): void {
    for (const listener of this.listeners.get(topic) ?? []) listener()
  }
}
