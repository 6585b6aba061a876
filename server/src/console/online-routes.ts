/**
 * GET /api/admin/online-counts?roomIds=a,b: the online count of each of our rooms, for the
 * dashboard's live rooms and the monitor. Rooms are ZEGO rooms under their own ID; an ID that is
 * not one of our rooms is answered as unknown without asking ZEGO.
 */
import type { FastifyPluginAsync } from 'fastify'
import { OnlineCountsQuerySchema, OnlineCountsResponseSchema, type OnlineCount, type OnlineCountsQuery, type OnlineCountsResponse } from '../../../miniprogram/contract/online-schemas'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { requireRole } from '../auth/guard'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { OnlineCounts } from '../zego/online-counts'

export interface OnlineCountsPluginOptions {
  /** Which asked IDs are our rooms (the rest are answered unknown without asking ZEGO). */
  rooms: Pick<RoomsRepo, 'existing'>
  onlineCounts: Pick<OnlineCounts, 'read' | 'freshSeconds'>
}

export const onlineCountsPlugin: FastifyPluginAsync<OnlineCountsPluginOptions> = async (app, { rooms, onlineCounts }) => {
  app.get<{ Querystring: OnlineCountsQuery }>(
    '/api/admin/online-counts',
    {
      preValidation: requireRole('admin'),
      schema: {
        tags: ['console'],
        summary: "Online count of each room (ZEGO DescribeUserNum, cached briefly); null with the reason when ZEGO has not answered",
        querystring: OnlineCountsQuerySchema,
        response: { 200: OnlineCountsResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<OnlineCountsResponse> => {
      const asked = [...new Set(request.query.roomIds.split(','))]
      const known = await rooms.existing(asked)
      const counted = new Map((await onlineCounts.read(asked.filter((id) => known.has(id)))).map((c) => [c.roomId, c]))
      const unknown = (roomId: string): OnlineCount => ({ roomId, count: null, adminCount: null, countedAt: null, ageSeconds: null, problem: { code: 'unknown_room', message: `room ${roomId} does not exist` } })
      return { counts: asked.map((id) => counted.get(id) ?? unknown(id)), freshSeconds: onlineCounts.freshSeconds }
    },
  )
}
