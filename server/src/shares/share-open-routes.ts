/**
 * POST /api/share-opens: the opener of a share card reports it, and the server records it for the
 * sharer the signed token names. GET /api/admin/share-opens: who brought how many to a room.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { ShareOpenRequestSchema, ShareOpenResponseSchema, ShareOpensQuerySchema, ShareOpensResponseSchema } from '../../../miniprogram/contract/share-schemas'
import { bearerSecurity, currentUser, requireRole, requireUser } from '../auth/guard'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { recordShareOpen, shareOpensOfRoom } from './share-opens'
import { verifyShareToken } from './share-token'

export interface ShareOpensPluginOptions {
  db: Kysely<Database>
  sessionSecret: string
  nowSeconds: () => number
}

export const shareOpensPlugin: FastifyPluginAsyncTypebox<ShareOpensPluginOptions> = async (app, { db, sessionSecret, nowSeconds }) => {
  app.post(
    '/api/share-opens',
    {
      preValidation: requireUser,
      schema: {
        tags: ['shares'],
        summary: 'Record that the signed-in user opened a share card',
        description: 'recorded false when the sharer opened their own card. 400 invalid_share_token for a forged, edited or expired token.',
        security: bearerSecurity,
        body: ShareOpenRequestSchema,
        response: { 200: ShareOpenResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const now = nowSeconds()
      const share = verifyShareToken(sessionSecret, request.body.shareToken, now)
      if (share === null) throw new ApiError(400, 'invalid_share_token', 'the share token is not genuine or has expired', 'shareToken')
      const recorded = await recordShareOpen(db, share, currentUser(request).id, request.body.channel, now)
      return { recorded, ...(share.r === undefined ? {} : { roomId: share.r }), ...(share.g === undefined ? {} : { goodsId: share.g }) }
    },
  )

  app.get(
    '/api/admin/share-opens',
    { preValidation: requireRole('admin'), schema: { tags: ['shares'], summary: 'Share opens of a room per sharer', security: bearerSecurity, querystring: ShareOpensQuerySchema, response: { 200: ShareOpensResponseSchema, ...ErrorResponses } } },
    async (request) => ({ rows: await shareOpensOfRoom(db, request.query.roomId) }),
  )
}
