/**
 * The merchant server over wx.request: the only code in the app that calls wx.request. Adds the
 * session (Authorization: Bearer), retries network failures with backoff, signs in again once on
 * 401, and turns every failure into an ApiError whose message a person can read.
 */
import { config } from '../config'
import type {
  ApiErrorBody,
  GoodsDetailResponse,
  GoodsListResponse,
  LoginResponse,
  RoomDetailResponse,
  RoomListResponse,
  RoomReminderResponse,
  WechatLiveRoomsResponse,
} from '../core/api-types'

export type ApiErrorKind = 'network' | 'auth' | 'http' | 'login'

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly code = '',
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Delays before each retry of a request that failed at the network level. Tests shorten them. */
export const apiRetry = { delaysMs: [500, 1500] as number[] }

export type Method = 'GET' | 'POST'

interface RawResponse {
  statusCode: number
  data: unknown
}

function sendOnce(method: Method, path: string, body: object | undefined, session: string | undefined): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const header: Record<string, string> = { 'content-type': 'application/json' }
    if (session) header.Authorization = `Bearer ${session}`
    wx.request({
      url: `${config.serverUrl}${path}`,
      method,
      data: body,
      header,
      dataType: 'json',
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
      fail: (err) => reject(new ApiError('network', `网络请求失败（${err.errMsg}）`)),
    })
  })
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function sendWithRetry(
  method: Method,
  path: string,
  body: object | undefined,
  session: string | undefined,
  retryNetwork = true,
): Promise<RawResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendOnce(method, path, body, session)
    } catch (err) {
      const delay = retryNetwork ? apiRetry.delaysMs[attempt] : undefined
      if (delay === undefined) throw new ApiError('network', '网络连接失败，请检查网络后重试')
      await sleep(delay)
    }
  }
}

function errorFrom(res: RawResponse): ApiError {
  const body = (res.data ?? {}) as Partial<ApiErrorBody>
  const detail = typeof body.message === 'string' && body.message ? body.message : `服务器返回 ${res.statusCode}`
  const kind: ApiErrorKind = res.statusCode === 401 ? 'auth' : 'http'
  return new ApiError(kind, detail, res.statusCode, typeof body.error === 'string' ? body.error : '')
}

// ---- session ---------------------------------------------------------------------------------

function currentSession(): string | undefined {
  return getApp<IAppOption>().globalData.sessionToken
}

function wxLoginCode(): Promise<string> {
  // The local demo server (dev mode) rejects wx.login's codes; config-local.ts may name its own.
  if (config.devLoginCode) return Promise.resolve(config.devLoginCode)
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res.code ? resolve(res.code) : reject(new ApiError('login', '微信登录没有返回 code，请重试'))),
      fail: (err) => reject(new ApiError('login', `微信登录失败（${err.errMsg}），请重试`)),
    })
  })
}

let signingIn: Promise<LoginResponse> | null = null

/** wx.login (or the local demo's devLoginCode) → POST /api/auth/login; concurrent callers share one sign-in. */
export function signIn(): Promise<LoginResponse> {
  if (!signingIn) {
    signingIn = (async () => {
      const code = await wxLoginCode()
      const res = await sendWithRetry('POST', '/api/auth/login', { code }, undefined)
      if (res.statusCode !== 200) throw errorFrom(res)
      const login = res.data as LoginResponse
      const app = getApp<IAppOption>()
      app.globalData.sessionToken = login.token
      app.globalData.sessionUser = { id: login.user.id, role: login.user.role }
      return login
    })().finally(() => {
      signingIn = null
    })
  }
  return signingIn
}

/** The signed-in user's ID, or '' before the first signed-in call. */
export function signedInUserId(): string {
  const { sessionToken, sessionUser } = getApp<IAppOption>().globalData
  return sessionToken ? (sessionUser?.id ?? '') : ''
}

/**
 * A signed-in request: signs in first if needed, and once more if the session was rejected.
 * `retryNetwork: false` for a request that must not happen twice: a network failure can hide an
 * answer lost after the server acted, so only the person may send it again.
 */
export async function call<T>(method: Method, path: string, body?: object, options: { retryNetwork?: boolean } = {}): Promise<T> {
  const retryNetwork = options.retryNetwork ?? true
  if (!currentSession()) await signIn()
  let res = await sendWithRetry(method, path, body, currentSession(), retryNetwork)
  if (res.statusCode === 401) {
    getApp<IAppOption>().globalData.sessionToken = undefined
    await signIn()
    res = await sendWithRetry(method, path, body, currentSession(), retryNetwork)
  }
  if (res.statusCode < 200 || res.statusCode >= 300) throw errorFrom(res)
  return res.data as T
}

// ---- routes ----------------------------------------------------------------------------------

export function fetchRoom(roomId: string): Promise<RoomDetailResponse> {
  return call<RoomDetailResponse>('GET', `/api/rooms/${encodeURIComponent(roomId)}`)
}

/** Goods a shopper may see (on sale and sold out), newest first; `offset` pages on. */
export function fetchGoodsList(offset = 0, limit = 20): Promise<GoodsListResponse> {
  return call<GoodsListResponse>('GET', `/api/goods?offset=${offset}&limit=${limit}`)
}

export function fetchGoods(goodsId: string): Promise<GoodsDetailResponse> {
  return call<GoodsDetailResponse>('GET', `/api/goods/${encodeURIComponent(goodsId)}`)
}

/** The room list asks for the server's largest page: a merchant runs a handful of rooms at a time. */
export function fetchRooms(limit = 100): Promise<RoomListResponse> {
  return call<RoomListResponse>('GET', `/api/rooms?limit=${limit}`)
}

/** Answers 503 (`wechat_not_configured`, `upstream_unavailable`) when WeChat live data cannot be had. */
export function fetchWechatLiveRooms(limit = 100): Promise<WechatLiveRoomsResponse> {
  return call<WechatLiveRoomsResponse>('GET', `/api/wechat-live/rooms?limit=${limit}`)
}

/**
 * Remind me once when this room goes live (201 new, 200 already asked). Only after the shopper
 * accepted the subscription; 409 `room_not_upcoming` once the room started or ended. The empty
 * object is the body: the server refuses an empty JSON body.
 */
export function createRoomReminder(roomId: string): Promise<RoomReminderResponse> {
  return call<RoomReminderResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/reminders`, {})
}

/** Whether I have a reminder for this room that is still to be sent. */
export function fetchMyRoomReminder(roomId: string): Promise<RoomReminderResponse> {
  return call<RoomReminderResponse>('GET', `/api/rooms/${encodeURIComponent(roomId)}/reminders/me`)
}

/** The server cannot offer WeChat live rooms at all (dev mode) or not yet (no upstream data). */
export function isWechatLiveUnavailable(err: unknown): boolean {
  return err instanceof ApiError && err.status === 503
}
