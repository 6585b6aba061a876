/**
 * POST /api/rooms/:id/status: the anchor's console says the live started or ended, so the room
 * list and viewers learn it without an admin. Only the room's own anchor (or an admin) may.
 */
import type { FastifyPluginAsync } from 'fastify'
import { hostsRoom } from '../../../miniprogram/contract/user-rules'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import { RoomDetailResponseSchema, RoomStatusRequestSchema, type RoomDetailResponse, type RoomStatusRequest } from '../../../miniprogram/contract/room-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import type { RoomEventBus } from '../console/room-events'
import type { GoodsRepo } from '../goods/goods-repo'
import type { ReminderDispatcher } from '../reminders/reminder-dispatcher'
import { recordLiveChange, type LiveChangeRecorder } from '../replays/live-change'
import { consoleReportDecision } from './live-order'
import { roomDetail } from './room-detail'
import type { RoomsRepo } from './rooms-repo'

export interface RoomStatusPluginOptions {
  rooms: Pick<RoomsRepo, 'find' | 'changeLiveStatus'>
  goods: Pick<GoodsRepo, 'findMany'>
  reminderDispatcher: Pick<ReminderDispatcher, 'roomWentLive'>
  roomEvents: Pick<RoomEventBus, 'publish'>
  recorder: LiveChangeRecorder
  nowSeconds: () => number
}

export const roomStatusPlugin: FastifyPluginAsync<RoomStatusPluginOptions> = async (app, { rooms, goods, reminderDispatcher, roomEvents, recorder, nowSeconds }) => {
  app.post<{ Params: { id: string }; Body: RoomStatusRequest }>(
    '/api/rooms/:id/status',
    {
      preValidation: requireUser,
      schema: {
        tags: ['rooms'],
        summary: "The room's anchor reports the live started or ended (scheduled/ended → live, scheduled/live → ended; repeating a status changes nothing; a cancelled room answers 409)",
        security: bearerSecurity,
        params: IdParamsSchema,
        body: RoomStatusRequestSchema,
        response: { 200: RoomDetailResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<RoomDetailResponse> => {
      const user = currentUser(request)
      const room = await rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      // Same rule as the publish privilege in ZEGO tokens: the room's anchor, holding the anchor role.
      const hosts = hostsRoom(user, room)
      if (!hosts && user.role !== 'admin') throw new ApiError(403, 'forbidden', "only the room's anchor or an admin may report its live status")
      const { status, session } = request.body
      const result = await rooms.changeLiveStatus(room.id, nowSeconds(), (state) => consoleReportDecision(state, status, session ?? null))
      if (result.kind === 'not_found') throw notFound('room')
      // A stale report (another device's console runs the live now) answers the room as it is.
      if (result.kind === 'ignored') return roomDetail(goods, result.room)
      if (result.kind === 'refused') throw new ApiError(409, 'room_cancelled', result.message, 'status')
      // Only an actual change to live reminds anyone; the sending runs after this answer.
      if (result.changed && result.room.status === 'live') reminderDispatcher.roomWentLive(result.room)
      if (result.changed) {
        roomEvents.publish(result.room.id, { type: 'room', room: result.room })
        await recordLiveChange(recorder, result.room, 'anchor', request.log)
      }
      return roomDetail(goods, result.room)
    },
  )
}
