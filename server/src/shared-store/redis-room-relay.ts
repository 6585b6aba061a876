/**
 * Room events between instances over Redis pub/sub: one channel for every room (each instance
 * hands an event only to the monitors it holds). Publishing goes over the store's connection; a
 * connection in subscriber mode can do nothing else, so receiving uses a duplicate of it. ioredis
 * does not prefix channels, so the store's prefix is added here.
 */
import type Redis from 'ioredis'
import type { RoomEventRelay } from '../console/room-events'

export class RedisRoomRelay implements RoomEventRelay {
  private subscriber: Redis | null = null
  readonly channel: string

  constructor(
    private readonly redis: Redis,
    keyPrefix = 'storefront:',
  ) {
    this.channel = `${keyPrefix}room-events`
  }

  async publish(message: string): Promise<void> {
    await this.redis.publish(this.channel, message)
  }

  async start(onMessage: (message: string) => void): Promise<void> {
    const subscriber = this.redis.duplicate()
    this.subscriber = subscriber
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) onMessage(message)
    })
    // ioredis subscribes again by itself after a reconnect.
    await subscriber.subscribe(this.channel)
  }

  async close(): Promise<void> {
    await this.subscriber?.quit()
    this.subscriber = null
  }
}
