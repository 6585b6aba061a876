import type { FastifyPluginAsync } from 'fastify'
import { ErrorResponses, IdParamsSchema, NoContentSchema } from '../../../miniprogram/contract/common-schemas'
import {
  RoomCreateRequestSchema,
  RoomDetailResponseSchema,
  RoomListQuerySchema,
  RoomListResponseSchema,
  RoomPatchRequestSchema,
  RoomResponseSchema,
  type RoomCreateRequest,
  type RoomDetailResponse,
  type RoomListResponse,
  type RoomPatchRequest,
  type RoomStatus,
} from '../../../miniprogram/contract/room-schemas'
import { bearerSecurity, requireRole } from '../auth/guard'
import { badRequest, notFound } from '../errors'
import type { UsersRepo } from '../auth/users-repo'
import type { RoomEventBus } from '../console/room-events'
import type { GoodsRepo } from '../goods/goods-repo'
import { LIST_CACHE_CONTROL } from '../http/cached-answers'
import { prepareJson, sendPrepared, type PreparedCache } from '../http/prepared-body'
import type { ReminderDispatcher } from '../reminders/reminder-dispatcher'
import { recordLiveChange, type LiveChangeRecorder } from '../replays/live-change'
import type { RoomInput, RoomsRepo } from './rooms-repo'
import { roomDetail } from './room-detail'
import { roomStatusPlugin } from './room-status-routes'

export interface RoomsPluginOptions {
  rooms: RoomsRepo
  users: Pick<UsersRepo, 'findById'>
  goods: Pick<GoodsRepo, 'findMany'>
  /** The public room list's prepared answers, dropped on every write to rooms (http/cached-answers.ts). */
  listAnswers: PreparedCache
  reminderDispatcher: Pick<ReminderDispatcher, 'roomWentLive'>
  roomEvents: Pick<RoomEventBus, 'publish'>
  recorder: LiveChangeRecorder
  nowSeconds: () => number
}

/** Checks what JSON schema cannot: the anchor exists with the anchor role, goods exist, times are ordered. */
async function validateRoom({ users, goods }: Pick<RoomsPluginOptions, 'users' | 'goods'>, room: Partial<RoomInput>): Promise<void> {
  if (room.anchorUserId !== undefined) {
    const anchor = await users.findById(room.anchorUserId)
    if (anchor === undefined || anchor.role !== 'anchor') throw badRequest('anchorUserId', 'anchorUserId must be the ID of a user with the anchor role')
  }
  if (room.shelf !== undefined && room.shelf.length > 0) {
    const found = await goods.findMany(room.shelf)
    const missing = room.shelf.filter((id) => !found.some((g) => g.id === id))
    if (missing.length > 0) throw badRequest('shelf', `unknown goods ID(s) on the shelf: ${missing.join(', ')}`)
  }
  if (room.scheduledStart !== undefined && room.scheduledEnd !== undefined && room.scheduledEnd !== null && room.scheduledEnd <= room.scheduledStart) {
    throw badRequest('scheduledEnd', 'scheduledEnd must be after scheduledStart')
  }
}

export const roomsPlugin: FastifyPluginAsync<RoomsPluginOptions> = async (app, options) => {
  const { rooms, goods, listAnswers, roomEvents, recorder, nowSeconds } = options
  const admin = requireRole('admin')

  app.get<{ Querystring: { status?: RoomStatus; anchorUserId?: string; offset: number; limit: number } }>(
    '/api/rooms',
    {
      // The same list for everyone: no session or staff lookup (http/prepared-body.ts).
      config: { sameForEveryone: true },
      schema: {
        tags: ['rooms'],
        summary: 'ZEGO live rooms, by scheduled start',
        querystring: RoomListQuerySchema,
        response: { 200: RoomListResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { status, anchorUserId, offset, limit } = request.query
      // Built by the route's serializer, so the response schema shapes the prepared bytes too.
      const prepared = await listAnswers.get(`${status ?? ''}|${anchorUserId ?? ''}|${offset}|${limit}`, async () => {
        const list: RoomListResponse = await rooms.list(request.query)
        return prepareJson(reply.serialize(list) as string)
      })
      return sendPrepared(request, reply, prepared, LIST_CACHE_CONTROL)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/rooms/:id',
    {
      schema: {
        tags: ['rooms'],
        summary: 'One room with its stream ID, anchor user ID and shelf goods (what a viewer needs)',
        params: IdParamsSchema,
        response: { 200: RoomDetailResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<RoomDetailResponse> => {
      const room = await rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      return roomDetail(goods, room)
    },
  )

  app.post<{ Body: RoomCreateRequest }>(
    '/api/rooms',
    {
      preValidation: admin,
      schema: {
        tags: ['rooms'],
        summary: 'Create a room; the server assigns its ID and derives its stream ID',
        security: bearerSecurity,
        body: RoomCreateRequestSchema,
        response: { 201: RoomResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body
      const input: RoomInput = {
        title: body.title,
        cover: body.cover ?? '',
        anchorUserId: body.anchorUserId,
        scheduledStart: body.scheduledStart,
        scheduledEnd: body.scheduledEnd ?? null,
        status: body.status ?? 'scheduled',
        shelf: body.shelf ?? [],
      }
      await validateRoom(options, input)
      reply.status(201)
      return { room: await rooms.create(input, nowSeconds()) }
    },
  )

  app.patch<{ Params: { id: string }; Body: RoomPatchRequest }>(
    '/api/rooms/:id',
    {
      preValidation: admin,
      schema: {
        tags: ['rooms'],
        security: bearerSecurity,
        params: IdParamsSchema,
        body: RoomPatchRequestSchema,
        response: { 200: RoomResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const existing = await rooms.find(request.params.id)
      if (existing === undefined) throw notFound('room')
      const patch = request.body
      await validateRoom(options, {
        ...patch,
        scheduledStart: patch.scheduledStart ?? existing.scheduledStart,
        scheduledEnd: patch.scheduledEnd === undefined ? existing.scheduledEnd : patch.scheduledEnd,
      })
      const room = await rooms.update(request.params.id, patch, nowSeconds())
      if (room === undefined) throw notFound('room')
      roomEvents.publish(room.id, { type: 'room', room })
      if (room.status !== existing.status) await recordLiveChange(recorder, room, 'anchor', request.log)
      return { room }
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/rooms/:id',
    { preValidation: admin, schema: { tags: ['rooms'], security: bearerSecurity, params: IdParamsSchema, response: { 204: NoContentSchema, ...ErrorResponses } } },
    async (request, reply) => {
      if (!(await rooms.delete(request.params.id))) throw notFound('room')
      return reply.status(204).send()
    },
  )

  await app.register(roomStatusPlugin, options)
}
