/**
 * WeChat live rooms and replays, served from the BudgetedCache and never fetched per request.
 * The daily budget (WECHAT_LIVE_DAILY_BUDGET, default 300 < the 500/day quota of older accounts)
 * is split: 80% for the room list, whose freshness window is the day divided evenly by its share
 * (300 → one refresh per 6 minutes at most), and 20% for replays, cached for 30 minutes per room.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { UpstreamLiveRoom, GetLiveInfoResponse, GetReplayResponse, UpstreamReplay } from './live-info-types'
import { EMPTY_LIST_ERRCODES } from './live-info-types'
import type { AccessTokenProvider } from './access-token'
import { ERRCODE_QUOTA, WechatError, errcodeError, type WechatHttp } from './wechat-http'
import { BudgetedCache, type BudgetRule, type CachedValue } from '../shared-store/budgeted-cache'

const PAGE_SIZE = 100
/** 500 rooms is beyond any storefront's live history we serve; it bounds the calls per refresh. */
const MAX_PAGES = 5
const LIST_SHARE = 0.8
const REPLAY_MAX_AGE_SECONDS = 30 * 60
const PATH = '/wxa/business/getliveinfo'

export interface LiveRoomsOptions {
  dailyBudget: number
}

export class LiveRoomsService {
  readonly listBudget: BudgetRule
  readonly replayBudget: BudgetRule
  readonly listMaxAgeSeconds: number

  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenProvider,
    private readonly cache: BudgetedCache,
    private readonly log: FastifyBaseLogger,
    options: LiveRoomsOptions,
  ) {
    const listCalls = Math.max(1, Math.floor(options.dailyBudget * LIST_SHARE))
    this.listBudget = { key: 'budget:wxlive:list', dailyLimit: listCalls }
    this.replayBudget = { key: 'budget:wxlive:replay', dailyLimit: Math.max(1, options.dailyBudget - listCalls) }
    this.listMaxAgeSeconds = Math.ceil(86400 / listCalls)
  }

  rooms(): Promise<CachedValue<UpstreamLiveRoom[]>> {
    return this.cache.get({
      key: 'wxlive:rooms',
      maxAgeSeconds: this.listMaxAgeSeconds,
      budget: this.listBudget,
      isQuotaError,
      fetch: (spend) => this.fetchAllRooms(spend),
    })
  }

  replays(roomId: number): Promise<CachedValue<UpstreamReplay[]>> {
    return this.cache.get({
      key: `wxlive:replays:${roomId}`,
      maxAgeSeconds: REPLAY_MAX_AGE_SECONDS,
      budget: this.replayBudget,
      isQuotaError,
      fetch: async (spend) => {
        await spend()
        const body = await this.call<GetReplayResponse>({ action: 'get_replay', room_id: roomId, start: 0, limit: PAGE_SIZE })
        return body?.live_replay ?? []
      },
    })
  }

  private async fetchAllRooms(spend: () => Promise<void>): Promise<UpstreamLiveRoom[]> {
    const rooms: UpstreamLiveRoom[] = []
    for (let page = 0; page < MAX_PAGES; page += 1) {
      await spend()
      const body = await this.call<GetLiveInfoResponse>({ start: page * PAGE_SIZE, limit: PAGE_SIZE })
      const batch = body?.room_info ?? []
      rooms.push(...batch)
      const total = body?.total ?? rooms.length
      if (batch.length < PAGE_SIZE || rooms.length >= total) break
    }
    this.log.info({ rooms: rooms.length }, 'wechat live rooms refreshed')
    return rooms
  }

  /** One getliveinfo call; null for the documented "no rooms" errcodes. */
  private call<T extends GetLiveInfoResponse | GetReplayResponse>(body: Record<string, unknown>): Promise<T | null> {
    return this.tokens.withToken(async (token) => {
      const res = await this.http.request<T>({ method: 'POST', path: PATH, query: { access_token: token }, body })
      const errcode = res.errcode ?? 0
      if (errcode === 0) return res
      if (EMPTY_LIST_ERRCODES.includes(errcode)) return null
      throw errcodeError(PATH, res)
    })
  }
}

function isQuotaError(err: unknown): boolean {
  return err instanceof WechatError && err.errcode === ERRCODE_QUOTA
}
