/**
 * The one way the server calls api.weixin.qq.com (or WECHAT_API_BASE). Errors carry the kind of
 * failure and the errcode but never the URL, because the URL holds the access token or secret.
 */
import { isFetchTimeout } from '../http/fetch-failure'

export type UpstreamFailure = 'timeout' | 'network' | 'http' | 'errcode' | 'invalid_json'

export class WechatError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    message: string,
    readonly errcode?: number,
    readonly httpStatus?: number,
  ) {
    super(message)
    this.name = 'WechatError'
  }
}

export const ERRCODE_INVALID_TOKEN = 40001
export const ERRCODE_TOKEN_EXPIRED = 42001
export const ERRCODE_QUOTA = 45009

export interface WechatRequest {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string>
  body?: unknown
}

export interface WechatResponseBase {
  errcode?: number
  errmsg?: string
}

export class WechatHttp {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** Answers the parsed JSON; errcode handling is the caller's, since some non-zero codes are valid answers. */
  async request<T extends WechatResponseBase>(req: WechatRequest): Promise<T> {
    const url = new URL(this.baseUrl + req.path)
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v)
    const signal = AbortSignal.timeout(this.timeoutMs)
    let res: Response
    try {
      res = await fetch(url, {
        method: req.method,
        headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal,
      })
    } catch (err) {
      if (isFetchTimeout(err, signal)) throw new WechatError('timeout', `${req.path} timed out after ${this.timeoutMs} ms`)
      throw new WechatError('network', `${req.path} failed: ${err instanceof Error ? err.message : 'network error'}`)
    }
    if (!res.ok) {
      await res.body?.cancel()
      throw new WechatError('http', `${req.path} answered HTTP ${res.status}`, undefined, res.status)
    }
    try {
      return (await res.json()) as T
    } catch (err) {
      // The timeout also covers reading the body: a body that stalls is a timeout, not bad JSON.
      if (isFetchTimeout(err, signal)) throw new WechatError('timeout', `${req.path} timed out after ${this.timeoutMs} ms`)
      throw new WechatError('invalid_json', `${req.path} answered a body that is not JSON`)
    }
  }

  /**
   * For APIs that answer an image on success and JSON (errcode) on failure, such as
   * wxa/getwxacodeunlimit: an image body is returned; a JSON body throws its errcode.
   */
  async requestImage(req: WechatRequest): Promise<WechatImage> {
    const url = new URL(this.baseUrl + req.path)
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v)
    const signal = AbortSignal.timeout(this.timeoutMs)
    let res: Response
    let bytes: Buffer
    try {
      res = await fetch(url, { method: req.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body ?? {}), signal })
      if (!res.ok) {
        await res.body?.cancel()
        throw new WechatError('http', `${req.path} answered HTTP ${res.status}`, undefined, res.status)
      }
      bytes = Buffer.from(await res.arrayBuffer())
    } catch (err) {
      if (err instanceof WechatError) throw err
      if (isFetchTimeout(err, signal)) throw new WechatError('timeout', `${req.path} timed out after ${this.timeoutMs} ms`)
      throw new WechatError('network', `${req.path} failed: ${err instanceof Error ? err.message : 'network error'}`)
    }
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    if (contentType.startsWith('image/')) return { contentType, bytes }
    let body: WechatResponseBase
    try {
      body = JSON.parse(bytes.toString('utf8')) as WechatResponseBase
    } catch {
      throw new WechatError('invalid_json', `${req.path} answered neither an image nor JSON (${contentType || 'no content-type'})`)
    }
    throw errcodeError(req.path, body)
  }
}

/** An image WeChat answered (wxacode), or the JSON it answers instead when it refuses. */
export interface WechatImage {
  contentType: string
  bytes: Buffer
}

export function errcodeError(path: string, body: WechatResponseBase): WechatError {
  return new WechatError('errcode', `${path} answered errcode ${body.errcode ?? '?'} (${body.errmsg ?? ''})`, body.errcode)
}
