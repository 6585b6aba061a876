/**
 * POST /api/rooms/:id/likes: a signed-in viewer's batch of taps (a client sends at most one a
 * second) is added to the room's total, which is announced to the room through ZEGO within its
 * limits (likes-broadcaster.ts). GET /api/rooms/:id/likes: the total, for whoever enters late.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import { LIKES_BATCH_MAX, LIKES_SEND_INTERVAL_MS } from '../../../miniprogram/contract/likes-rules'
import { LikesBatchSchema, LikesTotalSchema } from '../../../miniprogram/contract/likes-schemas'
import { bearerSecurity, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { LikesBroadcaster } from './likes-broadcaster'
import type { LikesRepo } from './likes-repo'

export interface LikesPluginOptions {
  likes: LikesRepo
  rooms: RoomsRepo
  broadcaster: LikesBroadcaster
  nowSeconds: () => number
  /** Batches per signed-in user per minute. */
  batchesPerMinute: number
}

export const likesPlugin: FastifyPluginAsyncTypebox<LikesPluginOptions> = async (app, { likes, rooms, broadcaster, nowSeconds, batchesPerMinute }) => {
  app.post(
    '/api/rooms/:id/likes',
    {
      preValidation: requireUser,
      config: {
        rateLimit: {
          max: batchesPerMinute,
          timeWindow: '1 minute',
          // Per signed-in user, so viewers behind one NAT do not use up each other's taps.
          keyGenerator: (request) => request.user?.id ?? request.ip,
        },
      },
      schema: {
        tags: ['likes'],
        summary: "Add a batch of taps to the room's likes; the room hears the new total through ZEGO within a second",
        description:
          `count 1–${LIKES_BATCH_MAX}: the taps since the previous batch (clients send at most one batch per ${LIKES_SEND_INTERVAL_MS} ms). ` +
          'Only while the room is live (409 room_not_live otherwise). Answers the total including this batch; ' +
          'everyone in the room then receives it as a ZEGO custom command (IMRecvCustomCommand from "system") at most once a second.',
        security: bearerSecurity,
        params: IdParamsSchema,
        body: LikesBatchSchema,
        response: { 200: LikesTotalSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const room = await rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      if (room.status !== 'live') throw new ApiError(409, 'room_not_live', `likes are open only during a live; this room is ${room.status}`)
      const total = await likes.add(room.id, request.body.count, nowSeconds())
      broadcaster.touch(room.id)
      return { roomId: room.id, total }
    },
  )

  app.get(
    '/api/rooms/:id/likes',
    {
      schema: {
        tags: ['likes'],
        summary: "The room's likes so far, for a viewer or anchor who enters after they started",
        params: IdParamsSchema,
        response: { 200: LikesTotalSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const room = await rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      return { roomId: room.id, total: await likes.total(room.id) }
    },
  )
}
