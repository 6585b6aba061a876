/**
 * GET /api/rooms/:id/replays (anyone: a room's replays, like its detail), POST /api/rooms/:id/explains
 * (the room's anchor: what the console explains now, timed by the server in the live session) and
 * POST /api/zego/record-callback (ZEGO cloud recording's status callback, signed like ZEGO's others).
 */
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import { hostsRoom } from '../../../miniprogram/contract/user-rules'
import {
  ExplainReportResponseSchema,
  ExplainReportSchema,
  RecordCallbackAnswerSchema,
  RecordCallbackSchema,
  RoomReplaysResponseSchema,
  type RecordCallbackAnswer,
  type RoomReplaysResponse,
} from '../../../miniprogram/contract/replay-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { newId } from '../db/ids'
import { ApiError, badRequest, notFound } from '../errors'
import type { Config } from '../config'
import type { GoodsRepo } from '../goods/goods-repo'
import type { RoomsRepo } from '../rooms/rooms-repo'
import { zegoCallbackSignatureValid } from '../zego/callback-signature'
import { CALLBACK_MAX_AGE_SECONDS } from '../zego/callback-routes'
import { recordedFile } from './cloud-recording-api'
import type { LiveRecorder } from './live-recorder'
import type { LiveSessionsRepo } from './live-sessions-repo'
import { playUrl } from './replay-urls'

export interface ReplaysPluginOptions {
  repo: LiveSessionsRepo
  recorder: LiveRecorder
  rooms: Pick<RoomsRepo, 'find'>
  goods: Pick<GoodsRepo, 'findMany'>
  /** null: recording is off, rooms list no replays. */
  recording: Config['recording']
  zego: Pick<Config['zego'], 'appId' | 'callbackSecret'>
  nowMs: () => number
}

/** Lives listed per room: a room that runs daily still answers in one small page. */
const MAX_REPLAYS = 20
/** A console that taps the shelf all evening is still bounded. */
export const MAX_EXPLAINS_PER_LIVE = 2000

export const replaysPlugin: FastifyPluginAsyncTypebox<ReplaysPluginOptions> = async (app, { repo, recorder, rooms, goods, recording, zego, nowMs }) => {
  app.get(
    '/api/rooms/:id/replays',
    {
      schema: {
        tags: ['rooms'],
        summary: "A room's recorded lives (newest first): segments to play in order, the explain timeline, and the room's shelf",
        params: IdParamsSchema,
        response: { 200: RoomReplaysResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<RoomReplaysResponse> => {
      const room = await rooms.find(request.params.id)
      if (room === undefined || room.status === 'cancelled') throw notFound('room')
      const stored = recording === null ? [] : await repo.replaysOf(room.id, MAX_REPLAYS)
      const now = Math.floor(nowMs() / 1000)
      const replays = stored.flatMap(({ session, segments, explains }) => {
        const playable = segments.flatMap((s) => {
          const url = recording === null ? null : playUrl(recording.downloadOrigin, s.fileUrl, recording.urlAuth, now, randomBytes(6).toString('hex'))
          return url === null ? [] : [{ url: url.url, expiresAt: url.expiresAt, startMs: s.beginMs, durationMs: s.durationMs, sizeBytes: s.sizeBytes }]
        })
        if (playable.length === 0) return []
        return [{ sessionId: session.id, startedMs: session.started_ms, endedMs: session.ended_ms, segments: playable, explains, partial: session.upload_partial === 1 }]
      })
      const shelfGoods = (await goods.findMany(room.shelf)).filter((g) => g.status !== 'draft')
      return { roomId: room.id, title: room.title, replays, shelfGoods }
    },
  )

  app.post(
    '/api/rooms/:id/explains',
    {
      preValidation: requireUser,
      schema: {
        tags: ['rooms'],
        summary: "The room's anchor reports the goods now explained ('' = stopped); the server times it in the running live for the replay's timeline",
        security: bearerSecurity,
        params: IdParamsSchema,
        body: ExplainReportSchema,
        response: { 201: ExplainReportResponseSchema, 200: ExplainReportResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const room = await rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      const hosts = hostsRoom(user, room)
      if (!hosts && user.role !== 'admin') throw new ApiError(403, 'forbidden', "only the room's anchor or an admin may report what the live explains")
      const { goodsId } = request.body
      if (goodsId !== '' && !room.shelf.includes(goodsId)) throw badRequest('goodsId', `goods ${goodsId} is not on this room's shelf`)
      const session = await repo.latestForRoom(room.id)
      if (room.status !== 'live' || session === undefined || session.ended_ms !== null) throw new ApiError(409, 'not_live', 'the room is not live: explains are timed within a live', 'goodsId')
      const now = nowMs()
      const offsetMs = Math.max(0, now - session.started_ms)
      const last = await repo.lastExplain(session.id)
      // A console retrying its report, or a second device repeating it, adds nothing.
      if ((last?.goodsId ?? '') === goodsId) return reply.status(200).send({ recorded: false, sessionId: session.id, offsetMs })
      if ((await repo.countExplains(session.id)) >= MAX_EXPLAINS_PER_LIVE) throw new ApiError(429, 'too_many_explains', `a live keeps at most ${MAX_EXPLAINS_PER_LIVE} explains`, 'goodsId')
      await repo.addExplain(newId('ex'), session.id, goodsId, now)
      return reply.status(201).send({ recorded: true, sessionId: session.id, offsetMs })
    },
  )

  app.post(
    '/api/zego/record-callback',
    {
      schema: {
        tags: ['zego'],
        summary: "ZEGO cloud recording's status callback (signed with the CallbackSecret): uploaded files become replay segments, once each; ends and exits are noted",
        body: RecordCallbackSchema,
        response: { 200: RecordCallbackAnswerSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<RecordCallbackAnswer> => {
      const secret = zego.callbackSecret
      if (secret === null) throw new ApiError(503, 'zego_callback_not_configured', 'set ZEGO_CALLBACK_SECRET to the CallbackSecret from the ZEGO console')
      const body = request.body
      const timestamp = String(body.timestamp)
      if (!zegoCallbackSignatureValid(secret, timestamp, String(body.nonce), body.signature)) {
        throw new ApiError(401, 'bad_signature', 'the callback signature does not match ZEGO_CALLBACK_SECRET', 'signature')
      }
      if (String(body.app_id) !== String(zego.appId)) throw badRequest('app_id', 'the callback is for another ZEGO project')
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Math.floor(nowMs() / 1000) - Number(timestamp)) > CALLBACK_MAX_AGE_SECONDS) {
        throw badRequest('timestamp', `the callback was signed more than ${CALLBACK_MAX_AGE_SECONDS} s from now`)
      }
      const nothing: RecordCallbackAnswer = { ok: true, applied: null, added: 0 }
      // Tasks that are not ours (recording off, another app on the project) are not ZEGO's to retry.
      const session = await repo.findByTask(body.task_id)
      if (session === undefined) return nothing
      const log = { roomId: session.room_id, sessionId: session.id, taskId: body.task_id, eventType: body.event_type, sequence: body.sequence }
      switch (body.event_type) {
        case 1: {
          const files = (body.detail?.file_info ?? []).map((f) => recordedFile(f as Record<string, unknown>))
          if (body.detail?.upload_status === 2) request.log.warn(log, 'recording uploaded partially')
          const added = await recorder.filesUploaded(session, files, 'callback')
          return { ok: true, applied: 'segments', added }
        }
        case 2:
          request.log.warn({ ...log, quitReason: body.detail?.quit_reason }, 'cloud recording ended abnormally')
          await recorder.taskEnded(session)
          return { ok: true, applied: 'state', added: 0 }
        case 5:
        case 7:
          await recorder.taskEnded(session)
          return { ok: true, applied: 'state', added: 0 }
        default:
          request.log.info(log, 'recording callback noted')
          return nothing
      }
    },
  )
}
