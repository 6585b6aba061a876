/**
 * The room event bus: in this process always; across instances through a relay. The relay here is
 * a fake pub/sub that, like Redis, delivers every message to every subscriber, the publisher's
 * own included (the Redis relay itself runs in room-events-redis.test.ts with TEST_REDIS_URL).
 */
import { RoomEventBus, type RoomEvent, type RoomEventRelay } from '../../server/src/console/room-events'

class FakePubSub {
  readonly published: string[] = []
  private readonly subscribers = new Set<(message: string) => void>()
  failing = false

  relay(): RoomEventRelay {
    let mine: ((message: string) => void) | null = null
    return {
      publish: async (message) => {
        if (this.failing) throw new Error('connection refused')
        this.published.push(message)
        for (const s of this.subscribers) s(message)
      },
      start: async (onMessage) => {
        mine = onMessage
        this.subscribers.add(onMessage)
      },
      close: async () => {
        if (mine !== null) this.subscribers.delete(mine)
      },
    }
  }

  deliverRaw(message: string): void {
    for (const s of this.subscribers) s(message)
  }
}

const deleted = (commentId: string): RoomEvent => ({ type: 'comment_deleted', commentId })

describe('room event bus', () => {
  it('in-process: a room subscriber gets its room events, others do not, and unsubscribing stops them', async () => {
    const bus = new RoomEventBus()
    await bus.start()
    const a: RoomEvent[] = []
    const b: RoomEvent[] = []
    const stopA = bus.subscribe('room-a', (e) => a.push(e))
    bus.subscribe('room-b', (e) => b.push(e))
    bus.publish('room-a', deleted('c1'))
    stopA()
    bus.publish('room-a', deleted('c2'))
    expect({ reach: bus.reach, a, b, listeners: bus.listenerCount('room-a') }).toEqual({ reach: 'process', a: [deleted('c1')], b: [], listeners: 0 })
  })

  it('through a relay: a monitor on another instance gets the event once, the publishing instance once too', async () => {
    const pubsub = new FakePubSub()
    const one = new RoomEventBus({ relay: pubsub.relay() })
    const two = new RoomEventBus({ relay: pubsub.relay() })
    await Promise.all([one.start(), two.start()])
    const onOne: RoomEvent[] = []
    const onTwo: RoomEvent[] = []
    one.subscribe('room-a', (e) => onOne.push(e))
    two.subscribe('room-a', (e) => onTwo.push(e))
    one.publish('room-a', deleted('c1'))
    two.publish('room-a', { type: 'muted', userId: 'u1', until: 99 })
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect({ reach: one.reach, onOne, onTwo, relayed: pubsub.published.length }).toEqual({
      reach: 'redis',
      onOne: [deleted('c1'), { type: 'muted', userId: 'u1', until: 99 }],
      onTwo: [deleted('c1'), { type: 'muted', userId: 'u1', until: 99 }],
      relayed: 2,
    })
  })

  it('a relay that fails still delivers locally and says so; malformed relay messages are ignored', async () => {
    const pubsub = new FakePubSub()
    const errors: unknown[] = []
    const bus = new RoomEventBus({ relay: pubsub.relay(), onRelayError: (err) => errors.push(err) })
    await bus.start()
    const seen: RoomEvent[] = []
    bus.subscribe('room-a', (e) => seen.push(e))
    pubsub.failing = true
    bus.publish('room-a', deleted('c1'))
    await new Promise<void>((resolve) => setImmediate(resolve))
    pubsub.deliverRaw('not json')
    pubsub.deliverRaw(JSON.stringify({ origin: 'other', roomId: 'room-a' }))
    pubsub.deliverRaw(JSON.stringify({ origin: 'other', roomId: 'room-a', event: deleted('c9') }))
    expect({ seen, errors: errors.map((e) => (e as Error).message) }).toEqual({ seen: [deleted('c1'), deleted('c9')], errors: ['connection refused'] })
    await bus.close()
    pubsub.deliverRaw(JSON.stringify({ origin: 'other', roomId: 'room-a', event: deleted('c10') }))
    expect(seen).toHaveLength(2)
  })
})
