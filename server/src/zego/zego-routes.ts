import type { FastifyInstance } from 'fastify'
import type { ZegoTokenResponse } from '../../../miniprogram/core/api-types'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, badRequest } from '../errors'
import type { AppContext } from '../http/context'
import { errorResponses } from '../http/schemas'
import { roomIdProblem, streamIdProblem } from './identifiers'
import { hostPayload, viewerPayload } from './privileges'
import { Token04InputError, generateToken04 } from './token04'

export async function zegoRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { appId, serverSecret, tokenTtlSeconds } = ctx.config.zego
  app.post<{ Body: { roomId: string } }>(
    '/api/zego/token',
    {
      preValidation: requireUser,
      config: {
        rateLimit: {
          max: ctx.config.rateLimits.zegoTokenPerMinute,
          timeWindow: '1 minute',
          // Per signed-in user where possible, so shoppers behind one NAT do not starve each other.
          keyGenerator: (request) => request.user?.id ?? request.ip,
        },
      },
      schema: {
        tags: ['zego'],
        summary: 'A ZEGO Token04 for one room: viewers may log in, the room host may also publish its stream',
        security: bearerSecurity,
        body: {
          type: 'object',
          required: ['roomId'],
          additionalProperties: false,
          properties: { roomId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['appId', 'userId', 'token', 'expiresAt'],
            properties: { appId: { type: 'integer' }, userId: { type: 'string' }, token: { type: 'string' }, expiresAt: { type: 'integer' } },
          },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<ZegoTokenResponse> => {
      const user = currentUser(request)
      const { roomId } = request.body
      const roomProblem = roomIdProblem(roomId)
      if (roomProblem !== null) throw badRequest('roomId', roomProblem)
      const room = await ctx.cachedAnswers.room.get(roomId, () => ctx.rooms.find(roomId))
      if (room === undefined) throw new ApiError(404, 'not_found', 'room not found', 'roomId')

      const hosts = user.role === 'anchor' && room.anchorUserId === user.id
      if (hosts) {
        const streamProblem = streamIdProblem(room.streamId)
        if (streamProblem !== null) throw badRequest('streamId', streamProblem)
      }
      const payload = hosts ? hostPayload(room.id, [room.streamId]) : viewerPayload(room.id)
      try {
        const { token, expire } = generateToken04(
          { appId, userId: user.id, secret: serverSecret, effectiveTimeInSeconds: tokenTtlSeconds, payload: JSON.stringify(payload) },
          { nowSeconds: Math.floor(ctx.nowMs() / 1000), randomBytes: ctx.randomBytes },
        )
        return { appId, userId: user.id, token, expiresAt: expire }
      } catch (err) {
        if (err instanceof Token04InputError) throw badRequest(err.field, err.message)
        throw err
      }
    },
  )
}
