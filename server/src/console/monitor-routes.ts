/**
 * The live monitor: GET /api/admin/rooms/:id/events streams the room's events over SSE (a
 * `snapshot` first: the room, its shelf goods, its recent comments, its like total and this live's
 * orders), and the moderation
 * writes: delete a comment from the room's history, mute a user in the room for some minutes.
 * ZEGO has already shown a delivered barrage to those in the room; deleting it removes it from
 * the history late viewers load and from every monitor.
 */
import type { ServerResponse } from 'node:http'
import type { FastifyPluginAsync } from 'fastify'
import { requireRole } from '../auth/guard'
import type { CommentsRepo } from '../comments/comments-repo'
import { notFound } from '../errors'
import type { GoodsRepo } from '../goods/goods-repo'
import { ErrorResponses, IdParamsSchema, NoContentSchema } from '../../../miniprogram/contract/common-schemas'
import {
  RoomCommentParamsSchema,
  RoomMuteParamsSchema,
  RoomMuteRequestSchema,
  RoomMuteResponseSchema,
  type MonitorSnapshot,
  type RoomMuteRequest,
  type RoomMuteResponse,
  type RoomOrderEvent,
} from '../../../miniprogram/contract/console-schemas'
import { roomDetail } from '../rooms/room-detail'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { LikesRepo } from '../likes/likes-repo'
import type { RoomEvent, RoomEventBus } from './room-events'

/** A comment line every 25 s keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000

function send(raw: ServerResponse, event: string, data: unknown): void {
  raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
}

export interface MonitorPluginOptions {
  rooms: Pick<RoomsRepo, 'find'>
  goods: Pick<GoodsRepo, 'findMany'>
  comments: Pick<CommentsRepo, 'recent' | 'delete' | 'mute'>
  roomEvents: Pick<RoomEventBus, 'publish' | 'subscribe'>
  nowSeconds: () => number
  likes: Pick<LikesRepo, 'total'>
  /** The orders placed from a room since `since` (Unix seconds), as the snapshot sends them. */
  roomOrders: (roomId: string, since: number) => Promise<RoomOrderEvent[]>
}

export const monitorPlugin: FastifyPluginAsync<MonitorPluginOptions> = async (app, { rooms, goods, comments, roomEvents, nowSeconds, likes, roomOrders }) => {
  const admin = requireRole('admin')
  const open = new Set<ServerResponse>()
  // Streams never end by themselves; closing the app ends them so it can stop.
  app.addHook('onClose', async () => {
    for (const raw of open) raw.end()
  })

  app.get<{ Params: { id: string } }>(
    '/api/admin/rooms/:id/events',
    { preValidation: admin, schema: { tags: ['console'], summary: 'Server-sent events of one room: snapshot, comment, comment_deleted, muted, room, likes, order', params: IdParamsSchema } },
    async (request, reply) => {
      const room = await rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      const snapshot: MonitorSnapshot = {
        ...(await roomDetail(goods, room)),
        comments: await comments.recent(room.id, 100),
        likes: await likes.total(room.id),
        // This live's orders: those since it started (every one before the room first went live).
        orders: await roomOrders(room.id, room.liveStartedAt ?? 0),
      }
      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' })
      send(raw, 'snapshot', snapshot)
      const unsubscribe = roomEvents.subscribe(room.id, (event: RoomEvent) => send(raw, event.type, event))
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS)
      heartbeat.unref()
      open.add(raw)
      raw.on('close', () => {
        clearInterval(heartbeat)
        unsubscribe()
        open.delete(raw)
      })
    },
  )

  app.delete<{ Params: { id: string; commentId: string } }>(
    '/api/admin/rooms/:id/comments/:commentId',
    {
      preValidation: admin,
      schema: {
        tags: ['console'],
        summary: "Delete a comment from the room's history and every monitor",
        params: RoomCommentParamsSchema,
        response: { 204: NoContentSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { id, commentId } = request.params
      if (!(await comments.delete(id, commentId))) throw notFound('comment')
      roomEvents.publish(id, { type: 'comment_deleted', commentId })
      request.log.info({ roomId: id, commentId, by: request.staffSession?.staff.id ?? request.user?.id }, 'live comment deleted')
      return reply.status(204).send()
    },
  )

  app.put<{ Params: { id: string; userId: string }; Body: RoomMuteRequest }>(
    '/api/admin/rooms/:id/mutes/:userId',
    {
      preValidation: admin,
      schema: {
        tags: ['console'],
        summary: 'Mute a user in this room: their comments answer 403 muted until then',
        params: RoomMuteParamsSchema,
        body: RoomMuteRequestSchema,
        response: { 200: RoomMuteResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<RoomMuteResponse> => {
      const { id, userId } = request.params
      if ((await rooms.find(id)) === undefined) throw notFound('room')
      const until = nowSeconds() + request.body.minutes * 60
      await comments.mute(id, userId, until)
      roomEvents.publish(id, { type: 'muted', userId, until })
      return { userId, until }
    },
  )
}
