/**
 * POST /api/zego/callback: ZEGO's server callbacks (console → 项目配置 → 服务端回调配置). Stream
 * create/close events keep a room's status true when the anchor's console could not report it.
 * ZEGO retries anything but a 2xx up to five times, so events we do not act on still answer 200;
 * only a request we cannot trust (signature, appid, age) or cannot read is refused.
 */
import type { FastifyPluginAsync } from 'fastify'
import { ApiError, badRequest } from '../errors'
import type { Config } from '../config'
import type { RoomEventBus } from '../console/room-events'
import type { ReminderDispatcher } from '../reminders/reminder-dispatcher'
import { recordLiveChange, type LiveChangeRecorder } from '../replays/live-change'
import type { RoomsRepo } from '../rooms/rooms-repo'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { ZegoCallbackAnswerSchema, ZegoCallbackBodySchema, type ZegoCallbackAnswer } from '../../../miniprogram/contract/zego-schemas'
import { zegoCallbackSignatureValid } from './callback-signature'
import { streamEventDecision, type StreamEvent } from '../rooms/live-order'

/** A signed callback older (or newer) than this is refused, so a captured one cannot be replayed later. */
export const CALLBACK_MAX_AGE_SECONDS = 600

type CallbackBody = Record<string, string | number | undefined>

/** ZEGO says to URL-decode the callback's values; a value that is not encoded stays as it is. */
function text(body: CallbackBody, field: string): string {
  const raw = body[field]
  if (raw === undefined) return ''
  const value = String(raw)
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

export type CallbackAnswer = ZegoCallbackAnswer

export interface ZegoCallbackPluginOptions {
  zego: Pick<Config['zego'], 'appId' | 'callbackSecret'>
  rooms: Pick<RoomsRepo, 'find' | 'changeLiveStatus'>
  reminderDispatcher: Pick<ReminderDispatcher, 'roomWentLive'>
  roomEvents: Pick<RoomEventBus, 'publish'>
  recorder: LiveChangeRecorder
  nowSeconds: () => number
}

export const zegoCallbackPlugin: FastifyPluginAsync<ZegoCallbackPluginOptions> = async (app, { zego, rooms, reminderDispatcher, roomEvents, recorder, nowSeconds }) => {
  app.post<{ Body: CallbackBody }>(
    '/api/zego/callback',
    {
      schema: {
        tags: ['zego'],
        summary: "ZEGO's server callbacks (signed with the CallbackSecret); stream_create / stream_close of a room's anchor stream set the room live / ended",
        body: ZegoCallbackBodySchema,
        response: { 200: ZegoCallbackAnswerSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<CallbackAnswer> => {
      const secret = zego.callbackSecret
      if (secret === null) throw new ApiError(503, 'zego_callback_not_configured', 'set ZEGO_CALLBACK_SECRET to the CallbackSecret from the ZEGO console')
      const body = request.body
      const timestamp = text(body, 'timestamp')
      if (!zegoCallbackSignatureValid(secret, timestamp, text(body, 'nonce'), text(body, 'signature'))) {
        throw new ApiError(401, 'bad_signature', 'the callback signature does not match ZEGO_CALLBACK_SECRET', 'signature')
      }
      if (text(body, 'appid') !== String(zego.appId)) throw badRequest('appid', 'the callback is for another ZEGO project')
      if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds() - Number(timestamp)) > CALLBACK_MAX_AGE_SECONDS) {
        throw badRequest('timestamp', `the callback was signed more than ${CALLBACK_MAX_AGE_SECONDS} s from now`)
      }

      const event = text(body, 'event')
      if (event !== 'stream_create' && event !== 'stream_close') return { ok: true, applied: null }
      const roomId = text(body, 'room_id')
      const streamId = text(body, 'stream_id')
      const createText = text(body, 'create_time_ms')
      const createTimeMs = /^\d{1,16}$/.test(createText) ? Number(createText) : Number.NaN
      if (!roomId) throw badRequest('room_id', `${event} without room_id`)
      if (!streamId) throw badRequest('stream_id', `${event} without stream_id`)
      if (!Number.isSafeInteger(createTimeMs) || createTimeMs <= 0) throw badRequest('create_time_ms', `${event} without a valid create_time_ms`)

      // Rooms that are not ours (another app on the same ZEGO project) are not an error for ZEGO to retry.
      const room = await rooms.find(roomId)
      if (room === undefined) return { ok: true, applied: null }
      const streamEvent: StreamEvent = { event, roomId, streamId, createTimeMs }
      const result = await rooms.changeLiveStatus(room.id, nowSeconds(), (state) => streamEventDecision(state, streamEvent))
      if (result.kind === 'ignored') request.log.info({ roomId, streamId, event, createTimeMs, reason: result.reason }, 'stale ZEGO stream callback ignored')
      if (result.kind !== 'done' || !result.changed) return { ok: true, applied: null }
      const status = result.room.status === 'live' ? 'live' : 'ended'
      // A stream's close may be a drop-out the anchor comes back from: the recorder waits before stopping.
      await recordLiveChange(recorder, result.room, 'stream', request.log)
      // The anchor's console may never have reported this live: the callback reminds shoppers then.
      if (result.room.status === 'live') reminderDispatcher.roomWentLive(result.room)
      roomEvents.publish(result.room.id, { type: 'room', room: result.room })
      request.log.info({ roomId, streamId, event, status }, 'room status set by a ZEGO stream callback')
      return { ok: true, applied: status }
    },
  )
}
