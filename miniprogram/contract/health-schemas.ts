/** GET /healthz: what the server runs on, and what a developer should know about it. */
import { Type, type Static } from '@sinclair/typebox'
import { stringEnum } from './string-enum'

export const HealthResponseSchema = Type.Object({
  ok: Type.Boolean(),
  devMode: Type.Boolean(),
  notice: Type.Optional(Type.String()),
  database: stringEnum<'sqlite' | 'postgres'>(['sqlite', 'postgres']),
  sharedStore: stringEnum<'memory' | 'redis'>(['memory', 'redis']),
  /** 'simulator' when WeChat Pay is not configured (payments go through the dev simulate route). */
  payments: stringEnum<'wechatpay' | 'simulator'>(['wechatpay', 'simulator']),
  /** 'zego': live rooms are recorded for replays; 'off' when no recording storage is configured (see recordingNotice). */
  recording: stringEnum<'zego' | 'off'>(['zego', 'off']),
  recordingNotice: Type.Optional(Type.String()),
  /** Where console uploads go: 's3' (S3-compatible object storage, S3_BUCKET) or 'local' (UPLOAD_DIR). */
  storage: stringEnum<'local' | 's3'>(['local', 's3']),
})
export type HealthResponse = Static<typeof HealthResponseSchema>
