/** POST /api/shares: a signed token for a share card; orders placed from it credit the sharer. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { ShareTokenRequestSchema, ShareTokenResponseSchema } from '../../../miniprogram/contract/order-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import type { Database } from '../db/schema'
import { badRequest } from '../errors'
import { issueShareToken } from './share-token'

export interface SharesPluginOptions {
  db: Kysely<Database>
  sessionSecret: string
  nowSeconds: () => number
}

export const sharesPlugin: FastifyPluginAsyncTypebox<SharesPluginOptions> = async (app, { db, sessionSecret, nowSeconds }) => {
  app.post(
    '/api/shares',
    { preValidation: requireUser, schema: { tags: ['shares'], security: bearerSecurity, body: ShareTokenRequestSchema, response: { 200: ShareTokenResponseSchema, ...ErrorResponses } } },
    async (request) => {
      const { roomId, goodsId, wechatRoomId } = request.body
      if (roomId !== undefined && (await db.selectFrom('rooms').select('id').where('id', '=', roomId).executeTakeFirst()) === undefined) throw badRequest('roomId', `room ${roomId} does not exist`)
      if (goodsId !== undefined && (await db.selectFrom('goods').select('id').where('id', '=', goodsId).executeTakeFirst()) === undefined) throw badRequest('goodsId', `goods ${goodsId} does not exist`)
      const shareToken = issueShareToken(sessionSecret, { u: currentUser(request).id, iat: nowSeconds(), ...(roomId === undefined ? {} : { r: roomId }), ...(goodsId === undefined ? {} : { g: goodsId }), ...(wechatRoomId === undefined ? {} : { w: wechatRoomId }) })
      return { shareToken }
    },
  )
}
