/**
 * A shopper asks to be reminded, once, when a room that has not started goes live. The mini-program
 * first gets the shopper's one-time subscription from wx.requestSubscribeMessage; this records who
 * to send it to. The message itself goes out when the room goes live (reminder-dispatcher.ts).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { ErrorResponses, IdParamsSchema, NoContentSchema } from '../../../miniprogram/contract/common-schemas'
import { EmptyBodySchema, RoomReminderResponseSchema, type Room, type RoomReminderResponse } from '../../../miniprogram/contract/room-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { RemindersRepo } from './reminders-repo'

export interface RemindersPluginOptions {
  reminders: Pick<RemindersRepo, 'add' | 'remove' | 'isPending'>
  rooms: Pick<RoomsRepo, 'find'>
  /** false without WECHAT_LIVE_TEMPLATE_ID / _FIELDS: every route answers 503 reminders_not_configured. */
  configured: boolean
  nowSeconds: () => number
}

export const remindersPlugin: FastifyPluginAsync<RemindersPluginOptions> = async (app, { reminders, rooms, configured, nowSeconds }) => {
  const roomOf = async (request: FastifyRequest<{ Params: { id: string } }>): Promise<Room> => {
    if (!configured) {
      throw new ApiError(503, 'reminders_not_configured', 'live reminders need WECHAT_LIVE_TEMPLATE_ID and WECHAT_LIVE_TEMPLATE_FIELDS')
    }
    const room = await rooms.find(request.params.id)
    if (room === undefined) throw notFound('room')
    return room
  }
  const common = { tags: ['reminders'], security: bearerSecurity, params: IdParamsSchema }

  app.post<{ Params: { id: string } }>(
    '/api/rooms/:id/reminders',
    {
      preValidation: requireUser,
      schema: {
        ...common,
        summary: 'Remind me once when this room goes live (after wx.requestSubscribeMessage accepted the template); 201 new, 200 already asked',
        description: 'Only for a scheduled room (409 room_not_upcoming otherwise). 503 reminders_not_configured without WECHAT_LIVE_TEMPLATE_ID.',
        body: EmptyBodySchema,
        response: { 200: RoomReminderResponseSchema, 201: RoomReminderResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply): Promise<RoomReminderResponse> => {
      const user = currentUser(request)
      const room = await roomOf(request)
      if (room.status !== 'scheduled') throw new ApiError(409, 'room_not_upcoming', `reminders are for rooms that have not started; this room is ${room.status}`)
      const outcome = await reminders.add(room.id, user.id, nowSeconds())
      reply.status(outcome === 'created' ? 201 : 200)
      return { reminded: true }
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/rooms/:id/reminders',
    { preValidation: requireUser, schema: { ...common, summary: 'Cancel my reminder for this room (204 whether or not there was one)', response: { 204: NoContentSchema, ...ErrorResponses } } },
    async (request, reply) => {
      const user = currentUser(request)
      const room = await roomOf(request)
      await reminders.remove(room.id, user.id)
      return reply.status(204).send()
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/rooms/:id/reminders/me',
    { preValidation: requireUser, schema: { ...common, summary: 'Whether I have a reminder for this room that is still to be sent', response: { 200: RoomReminderResponseSchema, ...ErrorResponses } } },
    async (request): Promise<RoomReminderResponse> => {
      const user = currentUser(request)
      const room = await roomOf(request)
      return { reminded: await reminders.isPending(room.id, user.id) }
    },
  )
}
