import type { FastifyPluginAsync } from 'fastify'
import type { Room } from '../../../miniprogram/contract/room-schemas'
import { hostsRoom } from '../../../miniprogram/contract/user-rules'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { ZegoTokenRequestSchema, ZegoTokenResponseSchema, type ZegoTokenRequest, type ZegoTokenResponse } from '../../../miniprogram/contract/zego-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, badRequest } from '../errors'
import type { Config } from '../config'
import type { LookupMemo } from '../http/lookup-memo'
import type { RoomsRepo } from '../rooms/rooms-repo'
import { roomIdProblem, streamIdProblem } from './identifiers'
import { hostPayload, viewerPayload } from './privileges'
import { Token04InputError, generateToken04 } from './token04'

export interface ZegoTokenPluginOptions {
  zego: Pick<Config['zego'], 'appId' | 'serverSecret' | 'tokenTtlSeconds'>
  rooms: Pick<RoomsRepo, 'find'>
  /** The rooms a token names, memoised until the rooms table is written (http/cached-answers.ts). */
  roomMemo: LookupMemo<Room | undefined>
  /** Tokens per signed-in user per minute. */
  tokensPerMinute: number
  nowMs: () => number
  randomBytes: (size: number) => Buffer
}

export const zegoTokenPlugin: FastifyPluginAsync<ZegoTokenPluginOptions> = async (app, { zego, rooms, roomMemo, tokensPerMinute, nowMs, randomBytes }) => {
  const { appId, serverSecret, tokenTtlSeconds } = zego
  app.post<{ Body: ZegoTokenRequest }>(
    '/api/zego/token',
    {
      preValidation: requireUser,
      config: {
        rateLimit: {
          max: tokensPerMinute,
          timeWindow: '1 minute',
          // Per signed-in user where possible, so shoppers behind one NAT do not starve each other.
          keyGenerator: (request) => request.user?.id ?? request.ip,
        },
      },
      schema: {
        tags: ['zego'],
        summary: 'A ZEGO Token04 for one room: viewers may log in, the room host may also publish its stream',
        security: bearerSecurity,
        body: ZegoTokenRequestSchema,
        response: { 200: ZegoTokenResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<ZegoTokenResponse> => {
      const user = currentUser(request)
      const { roomId } = request.body
      const roomProblem = roomIdProblem(roomId)
      if (roomProblem !== null) throw badRequest('roomId', roomProblem)
      const room = await roomMemo.get(roomId, () => rooms.find(roomId))
      if (room === undefined) throw new ApiError(404, 'not_found', 'room not found', 'roomId')

      const hosts = hostsRoom(user, room)
      if (hosts) {
        const streamProblem = streamIdProblem(room.streamId)
        if (streamProblem !== null) throw badRequest('streamId', streamProblem)
      }
      const payload = hosts ? hostPayload(room.id, [room.streamId]) : viewerPayload(room.id)
      try {
        const { token, expire } = generateToken04(
          { appId, userId: user.id, secret: serverSecret, effectiveTimeInSeconds: tokenTtlSeconds, payload: JSON.stringify(payload) },
          { nowSeconds: Math.floor(nowMs() / 1000), randomBytes },
        )
        return { appId, userId: user.id, token, expiresAt: expire }
      } catch (err) {
        if (err instanceof Token04InputError) throw badRequest(err.field, err.message)
        throw err
      }
    },
  )
}
