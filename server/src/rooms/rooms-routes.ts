import type { FastifyInstance } from 'fastify'
import type { RoomDetailResponse, RoomListResponse, RoomStatus } from '../../../miniprogram/core/api-types'
import { bearerSecurity, requireRole } from '../auth/guard'
import { badRequest, notFound } from '../errors'
import { LIST_CACHE_CONTROL } from '../http/cached-answers'
import type { AppContext } from '../http/context'
import { prepareJson, sendPrepared } from '../http/prepared-body'
import { nowSecondsOf, recordLiveChange } from '../http/context'
import { errorResponses, idParams, pagingProperties, roomSchema, roomStatusSchema } from '../http/schemas'
import type { RoomInput } from './rooms-repo'
import { roomDetail, roomDetailSchema } from './room-detail'
import { roomStatusRoutes } from './room-status-routes'

const roomFields = {
  title: { type: 'string', minLength: 1, maxLength: 60 },
  cover: { type: 'string', maxLength: 1024 },
  anchorUserId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
  scheduledStart: { type: 'integer', minimum: 0, maximum: 4102444800 },
  scheduledEnd: { type: ['integer', 'null'], minimum: 0, maximum: 4102444800 },
  status: roomStatusSchema,
  shelf: { type: 'array', maxItems: 200, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } },
} as const

const roomBody = { 200: { type: 'object', required: ['room'], properties: { room: roomSchema } } } as const

/** Checks what JSON schema cannot: the anchor exists with the anchor role, goods exist, times are ordered. */
async function validateRoom(ctx: AppContext, room: Partial<RoomInput>): Promise<void> {
  if (room.anchorUserId !== undefined) {
    const anchor = await ctx.users.findById(room.anchorUserId)
    if (anchor === undefined || anchor.role !== 'anchor') throw badRequest('anchorUserId', 'anchorUserId must be the ID of a user with the anchor role')
  }
  if (room.shelf !== undefined && room.shelf.length > 0) {
    const found = await ctx.goods.findMany(room.shelf)
    const missing = room.shelf.filter((id) => !found.some((g) => g.id === id))
    if (missing.length > 0) throw badRequest('shelf', `unknown goods ID(s) on the shelf: ${missing.join(', ')}`)
  }
  if (room.scheduledStart !== undefined && room.scheduledEnd !== undefined && room.scheduledEnd !== null && room.scheduledEnd <= room.scheduledStart) {
    throw badRequest('scheduledEnd', 'scheduledEnd must be after scheduledStart')
  }
}

export async function roomsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = requireRole('admin')

  app.get<{ Querystring: { status?: RoomStatus; anchorUserId?: string; offset: number; limit: number } }>(
    '/api/rooms',
    {
      // The same list for everyone: no session or staff lookup (http/prepared-body.ts).
      config: { sameForEveryone: true },
      schema: {
        tags: ['rooms'],
        summary: 'ZEGO live rooms, by scheduled start',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: roomStatusSchema, anchorUserId: roomFields.anchorUserId, ...pagingProperties },
        },
        response: {
          200: { type: 'object', required: ['rooms', 'total'], properties: { rooms: { type: 'array', items: roomSchema }, total: { type: 'integer' } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { status, anchorUserId, offset, limit } = request.query
      // Built by the route's serializer, so the response schema shapes the prepared bytes too.
      const prepared = await ctx.cachedAnswers.rooms.get(`${status ?? ''}|${anchorUserId ?? ''}|${offset}|${limit}`, async () => {
        const list: RoomListResponse = await ctx.rooms.list(request.query)
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
        params: idParams,
        response: { 200: roomDetailSchema, ...errorResponses },
      },
    },
    async (request): Promise<RoomDetailResponse> => {
      const room = await ctx.rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      return roomDetail(ctx, room)
    },
  )

  app.post<{ Body: RoomInput }>(
    '/api/rooms',
    {
      preValidation: admin,
      schema: {
        tags: ['rooms'],
        summary: 'Create a room; the server assigns its ID and derives its stream ID',
        security: bearerSecurity,
        body: { type: 'object', additionalProperties: false, required: ['title', 'anchorUserId', 'scheduledStart'], properties: roomFields },
        response: { 201: roomBody[200], ...errorResponses },
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
      await validateRoom(ctx, input)
      reply.status(201)
      return { room: await ctx.rooms.create(input, nowSecondsOf(ctx)) }
    },
  )

  app.patch<{ Params: { id: string }; Body: Partial<RoomInput> }>(
    '/api/rooms/:id',
    {
      preValidation: admin,
      schema: {
        tags: ['rooms'],
        security: bearerSecurity,
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: roomFields },
        response: { ...roomBody, ...errorResponses },
      },
    },
    async (request) => {
      const existing = await ctx.rooms.find(request.params.id)
      if (existing === undefined) throw notFound('room')
      const patch = request.body
      await validateRoom(ctx, {
        ...patch,
        scheduledStart: patch.scheduledStart ?? existing.scheduledStart,
        scheduledEnd: patch.scheduledEnd === undefined ? existing.scheduledEnd : patch.scheduledEnd,
      })
      const room = await ctx.rooms.update(request.params.id, patch, nowSecondsOf(ctx))
      if (room === undefined) throw notFound('room')
      ctx.roomEvents.publish(room.id, { type: 'room', room })
      if (room.status !== existing.status) await recordLiveChange(ctx, room, 'anchor', request.log)
      return { room }
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/rooms/:id',
    { preValidation: admin, schema: { tags: ['rooms'], security: bearerSecurity, params: idParams, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      if (!(await ctx.rooms.delete(request.params.id))) throw notFound('room')
      return reply.status(204).send()
    },
  )

  await roomStatusRoutes(app, ctx)
}
