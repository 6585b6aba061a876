/** What the status writers (console reports, ZEGO stream callbacks, admin edits) tell the recorder. */
import type { FastifyBaseLogger } from 'fastify'
import type { Room } from '../../../miniprogram/contract/room-schemas'
import type { LiveRecorder } from './live-recorder'

export type LiveChangeRecorder = Pick<LiveRecorder, 'roomWentLive' | 'roomEnded'>

/** Tells the recorder about a status change; its failure is logged, never the status change's. */
export async function recordLiveChange(recorder: LiveChangeRecorder, room: Room, cause: 'anchor' | 'stream', log: FastifyBaseLogger): Promise<void> {
  try {
    if (room.status === 'live') await recorder.roomWentLive(room)
    else if (room.status === 'ended') await recorder.roomEnded(room, cause)
  } catch (err) {
    log.error({ err, roomId: room.id }, 'the live session could not be recorded')
  }
}
