/**
 * POST /api/room-codes: a mini-program code for a room (ours or a WeChat live room) that credits
 * the signed-in sharer; GET /api/room-codes/:scene: where a scanned code leads, with a share token
 * for its sharer, so a scan is credited like a share card.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { RoomCodeRequestSchema, RoomCodeResponseSchema, SceneParamsSchema, SceneTargetResponseSchema } from '../../../miniprogram/contract/share-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import type { Database } from '../db/schema'
import { ApiError, badRequest } from '../errors'
import type { WxaCodeClient } from '../wechat/wxacode'
import { ROOM_CODE_PAGE, roomCodeFor, type CodeTarget } from './room-codes'
import { issueShareToken } from './share-token'

export interface RoomCodesPluginOptions {
  db: Kysely<Database>
  sessionSecret: string
  /** null in dev mode: codes answer 503 wechat_not_configured. */
  wxaCode: WxaCodeClient | null
  randomBytes: (size: number) => Buffer
  nowSeconds: () => number
}

export const roomCodesPlugin: FastifyPluginAsyncTypebox<RoomCodesPluginOptions> = async (app, opts) => {
  const { db, sessionSecret, nowSeconds } = opts
  app.post(
    '/api/room-codes',
    {
      preValidation: requireUser,
      schema: {
        tags: ['shares'],
        summary: 'A mini-program code for a room, crediting the signed-in sharer',
        description: `Exactly one of roomId (ours) or wechatRoomId. The code opens ${ROOM_CODE_PAGE}?scene=…; one code per room and sharer. 503 wechat_not_configured in dev mode, 502 code_page_not_released before the first release.`,
        security: bearerSecurity,
        body: RoomCodeRequestSchema,
        response: { 200: RoomCodeResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const { roomId, wechatRoomId } = request.body
      let target: CodeTarget
      if (roomId !== undefined) {
        if ((await db.selectFrom('rooms').select('id').where('id', '=', roomId).executeTakeFirst()) === undefined) throw new ApiError(404, 'not_found', `room ${roomId} not found`, 'roomId')
        target = { kind: 'room', id: roomId }
      } else if (wechatRoomId !== undefined) target = { kind: 'wechat', id: String(wechatRoomId) }
      else throw badRequest('roomId', 'name roomId or wechatRoomId')
      const code = await roomCodeFor(opts, target, currentUser(request).id)
      return { scene: code.scene, page: ROOM_CODE_PAGE, contentType: code.content_type, imageBase64: code.image_base64 }
    },
  )

  app.get(
    '/api/room-codes/:scene',
    { preValidation: requireUser, schema: { tags: ['shares'], summary: 'Where a scanned room code leads', security: bearerSecurity, params: SceneParamsSchema, response: { 200: SceneTargetResponseSchema, ...ErrorResponses } } },
    async (request) => {
      const code = await db.selectFrom('share_codes').select(['kind', 'target_id', 'sharer_user_id']).where('scene', '=', request.params.scene).executeTakeFirst()
      if (code === undefined) throw new ApiError(404, 'not_found', 'this code is not known (it may belong to another deployment)', 'scene')
      const iat = nowSeconds()
      if (code.kind === 'room') return { kind: 'room' as const, roomId: code.target_id, shareToken: issueShareToken(sessionSecret, { u: code.sharer_user_id, iat, r: code.target_id }) }
      return { kind: 'wechat' as const, wechatRoomId: Number(code.target_id), shareToken: issueShareToken(sessionSecret, { u: code.sharer_user_id, iat, w: Number(code.target_id) }) }
    },
  )
}
