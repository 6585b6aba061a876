import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { HealthResponseSchema, type HealthResponse } from '../../../miniprogram/contract/health-schemas'
import { RECORDING_OFF_NOTICE } from '../replays/recording-config'
import type { AppContext } from './context'

export const DEV_MODE_NOTICE =
  'DEV MODE: WECHAT_APPID/WECHAT_APPSECRET are not set. Sign-in accepts code "dev:<openid>" without WeChat and WeChat live rooms are unavailable; live comments skip the WeChat content check (msg_sec_check). Never expose this server publicly.'

export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        response: { 200: HealthResponseSchema, ...ErrorResponses },
      },
    },
    async (): Promise<HealthResponse> => {
      await sql`select 1`.execute(ctx.database.db)
      const devMode = ctx.config.wechat === null
      const body: HealthResponse = { ok: true, devMode, database: ctx.database.kind, sharedStore: ctx.store.kind, payments: ctx.buying.gateway.mode, recording: ctx.config.recording === null ? 'off' : 'zego', storage: ctx.imageStore.kind }
      if (devMode) body.notice = DEV_MODE_NOTICE
      if (ctx.config.recording === null) body.recordingNotice = RECORDING_OFF_NOTICE
      return body
    },
  )
}
