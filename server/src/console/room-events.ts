/**
 * What happens in a room, pushed to the console's live monitor. Publishers (comments, status
 * changes, moderation, and orders placed from the room) call `publish`; each monitor's SSE stream
 * subscribes to its room. In-process: with several instances a monitor sees what its own
 * instance handled (a Redis pub/sub would share it; not built).
 */
import { EventEmitter } from 'node:events'
import type { RoomOrderEvent } from '../../../miniprogram/contract/console-schemas'
import type { LiveComment, Room } from '../../../miniprogram/core/api-types'

export type RoomEvent =
  | { type: 'comment'; comment: LiveComment }
  | { type: 'comment_deleted'; commentId: string }
  | { type: 'muted'; userId: string; until: number }
  | { type: 'room'; room: Room }
  /** Published by the orders module when an order placed from this room is created, paid or refunded. */
  | RoomOrderEvent

export class RoomEventBus {
  private readonly emitter = new EventEmitter()

  constructor() {
    // One listener per open monitor; many staff may watch one room.
    this.emitter.setMaxListeners(0)
  }

  publish(roomId: string, event: RoomEvent): void {
    this.emitter.emit(roomId, event)
  }

  subscribe(roomId: string, listener: (event: RoomEvent) => void): () => void {
    this.emitter.on(roomId, listener)
    return () => this.emitter.off(roomId, listener)
  }

  listenerCount(roomId: string): number {
    return this.emitter.listenerCount(roomId)
  }
}
