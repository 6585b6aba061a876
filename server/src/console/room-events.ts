/**
 * What happens in a room, pushed to the console's live monitor. Publishers (comments, status
 * changes, moderation, and orders placed from the room) call `publish`; each monitor's SSE stream
 * subscribes to its room. An event reaches this instance's monitors at once; with a relay (Redis
 * pub/sub when REDIS_URL is set) it also goes to every other instance, which hands it to its own
 * monitors. Each instance ignores its own events coming back from the relay, so none is shown twice.
 */
import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { RoomOrderEvent } from '../../../miniprogram/contract/console-schemas'
import type { LiveComment } from '../../../miniprogram/contract/comment-schemas'
import type { Room } from '../../../miniprogram/contract/room-schemas'

export type RoomEvent =
  | { type: 'comment'; comment: LiveComment }
  | { type: 'comment_deleted'; commentId: string }
  | { type: 'muted'; userId: string; until: number }
  | { type: 'room'; room: Room }
  /** The room's like total, as it is announced to the room (at most once a second). */
  | { type: 'likes'; total: number }
  /** Published by the orders module when an order placed from this room is created, paid or refunded. */
  | RoomOrderEvent

/** Carries events between instances. `publish` may fail (the relay is down): local monitors still get the event. */
export interface RoomEventRelay {
  publish(message: string): Promise<void>
  /** Calls `onMessage` with every message any instance published. */
  start(onMessage: (message: string) => void): Promise<void>
  close(): Promise<void>
}

interface RelayedEvent {
  origin: string
  roomId: string
  event: RoomEvent
}

export interface RoomEventBusOptions {
  relay?: RoomEventRelay
  /** Told when the relay fails to carry an event (logged by the app). */
  onRelayError?: (err: unknown) => void
}

export class RoomEventBus {
  private readonly emitter = new EventEmitter()
  /** Tells this instance's events from the others' on the relay. */
  private readonly origin = randomBytes(8).toString('hex')

  constructor(private readonly options: RoomEventBusOptions = {}) {
    // One listener per open monitor; many staff may watch one room.
    this.emitter.setMaxListeners(0)
  }

  /** 'redis' when events cross instances, 'process' when they stay in this one. */
  get reach(): 'redis' | 'process' {
    return this.options.relay === undefined ? 'process' : 'redis'
  }

  private started: Promise<void> | null = null

  /**
   * Starts receiving other instances' events (at once without a relay). The app does not wait
   * for it, so a Redis that is down does not stop the server from starting; tests wait for it.
   */
  start(): Promise<void> {
    this.started ??= this.options.relay?.start((message) => this.received(message)) ?? Promise.resolve()
    return this.started
  }

  publish(roomId: string, event: RoomEvent): void {
    this.emitter.emit(roomId, event)
    const relay = this.options.relay
    if (relay === undefined) return
    const message: RelayedEvent = { origin: this.origin, roomId, event }
    relay.publish(JSON.stringify(message)).catch((err: unknown) => this.options.onRelayError?.(err))
  }

  subscribe(roomId: string, listener: (event: RoomEvent) => void): () => void {
    this.emitter.on(roomId, listener)
    return () => this.emitter.off(roomId, listener)
  }

  listenerCount(roomId: string): number {
    return this.emitter.listenerCount(roomId)
  }

  async close(): Promise<void> {
    await this.options.relay?.close()
  }

  private received(message: string): void {
    let parsed: RelayedEvent
    try {
      parsed = JSON.parse(message) as RelayedEvent
    } catch {
      return
    }
    if (parsed.origin === this.origin || typeof parsed.roomId !== 'string' || typeof parsed.event?.type !== 'string') return
    this.emitter.emit(parsed.roomId, parsed.event)
  }
}
