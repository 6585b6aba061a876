import type { FastifyPluginAsync } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { HealthResponseSchema, type HealthResponse } from '../../../miniprogram/contract/health-schemas'
import type { Database } from '../db/schema'
import type { DatabaseKind } from '../db/database'
import { RECORDING_OFF_NOTICE } from '../replays/recording-config'

export const DEV_MODE_NOTICE =
  'DEV MODE: WECHAT_APPID/WECHAT_APPSECRET are not set. Sign-in accepts code "dev:<openid>" without WeChat and WeChat live rooms are unavailable; live comments skip the WeChat content check (msg_sec_check). Never expose this server publicly.'

/** What /healthz reports: how this instance runs, and that its database answers. */
export interface HealthPluginOptions {
  db: Kysely<Database>
  database: DatabaseKind
  sharedStore: HealthResponse['sharedStore']
  payments: HealthResponse['payments']
  storage: HealthResponse['storage']
  /** No WeChat credentials. */
  devMode: boolean
  recordingOn: boolean
}

export const healthPlugin: FastifyPluginAsync<HealthPluginOptions> = async (app, { db, database, sharedStore, payments, storage, devMode, recordingOn }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        response: { 200: HealthResponseSchema, ...ErrorResponses },
      },
    },
    async (): Promise<HealthResponse> => {
      await sql`select 1`.execute(db)
      const body: HealthResponse = { ok: true, devMode, database, sharedStore, payments, recording: recordingOn ? 'zego' : 'off', storage }
      if (devMode) body.notice = DEV_MODE_NOTICE
      if (!recordingOn) body.recordingNotice = RECORDING_OFF_NOTICE
      return body
    },
  )
}
