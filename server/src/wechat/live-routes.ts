import type { FastifyPluginAsync } from 'fastify'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import {
  WechatLiveReplaysParamsSchema,
  WechatLiveReplaysResponseSchema,
  WechatLiveRoomsQuerySchema,
  WechatLiveRoomsResponseSchema,
  type CacheFreshness,
  type WechatLiveReplaysResponse,
} from '../../../miniprogram/contract/wechat-live-schemas'
import { ApiError } from '../errors'
import { sendPrepared } from '../http/prepared-body'
import { NoDataError, type CachedValue } from '../shared-store/budgeted-cache'
import { mapReplay } from './live-mapping'
import type { LiveRoomsService } from './live-rooms'
import { LiveRoomsAnswer } from './live-rooms-answer'

function freshness<T>(value: CachedValue<T>, nowMs: number): CacheFreshness {
  return { fetchedAt: Math.floor(value.fetchedAt / 1000), ageSeconds: Math.max(0, Math.floor((nowMs - value.fetchedAt) / 1000)), stale: value.stale }
}

function liveService(liveRooms: LiveRoomsService | null): LiveRoomsService {
  if (liveRooms === null) throw new ApiError(503, 'wechat_not_configured', 'WeChat live rooms need WECHAT_APPID and WECHAT_APPSECRET (server is in dev mode)')
  return liveRooms
}

async function orUnavailable<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (err) {
    if (err instanceof NoDataError) throw new ApiError(503, 'upstream_unavailable', 'WeChat live data is not available yet; retry shortly')
    throw err
  }
}

export interface WechatLivePluginOptions {
  /** null in dev mode (no WeChat credentials): both routes answer 503 wechat_not_configured. */
  liveRooms: LiveRoomsService | null
  nowMs: () => number
}

export const wechatLivePlugin: FastifyPluginAsync<WechatLivePluginOptions> = async (app, { liveRooms, nowMs }) => {
  const answer = liveRooms === null ? null : new LiveRoomsAnswer(() => liveRooms.rooms(), liveRooms.listMaxAgeSeconds, nowMs)
  app.get<{ Querystring: { start: number; limit: number } }>(
    '/api/wechat-live/rooms',
    {
      // The same list for everyone: no session or staff lookup (http/prepared-body.ts).
      config: { sameForEveryone: true },
      schema: {
        tags: ['wechat-live'],
        summary: 'WeChat live rooms from the server cache (refreshed within the daily getliveinfo budget)',
        querystring: WechatLiveRoomsQuerySchema,
        response: { 200: WechatLiveRoomsResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      if (answer === null) return liveService(liveRooms)
      const { start, limit } = request.query
      const current = answer.prepared(start, limit)
      const { prepared, cacheControl } = current instanceof Promise ? await orUnavailable(() => current) : current
      return sendPrepared(request, reply, prepared, cacheControl)
    },
  )

  app.get<{ Params: { roomId: number } }>(
    '/api/wechat-live/rooms/:roomId/replays',
    {
      schema: {
        tags: ['wechat-live'],
        summary: 'Replays of a WeChat live room (only rooms in the cached list, so unknown IDs cannot spend the budget)',
        params: WechatLiveReplaysParamsSchema,
        response: { 200: WechatLiveReplaysResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<WechatLiveReplaysResponse> => {
      const { roomId } = request.params
      const service = liveService(liveRooms)
      const list = await orUnavailable(() => service.rooms())
      if (!list.data.some((r) => r.roomid === roomId)) throw new ApiError(404, 'not_found', `no WeChat live room ${roomId}`, 'roomId')
      const cached = await orUnavailable(() => service.replays(roomId))
      const replays = cached.data.map(mapReplay)
      return { replays, total: replays.length, ...freshness(cached, nowMs()) }
    },
  )
}
