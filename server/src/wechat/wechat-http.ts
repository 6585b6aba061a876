/**
 * The one way the server calls api.weixin.qq.com (or WECHAT_API_BASE). Errors carry the kind of
 * failure and the errcode but never the URL, because the URL holds the access token or secret.
 */
import { UpstreamClient, UpstreamRequestError } from '../http/upstream-client'

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
  private readonly client: UpstreamClient

  constructor(baseUrl: string, timeoutMs: number) {
    this.client = new UpstreamClient(baseUrl, timeoutMs)
  }

  /** Answers the parsed JSON; errcode handling is the caller's, since some non-zero codes are valid answers. */
  async request<T extends WechatResponseBase>(req: WechatRequest): Promise<T> {
    const query = req.query === undefined ? '' : `?${new URLSearchParams(req.query).toString()}`
    try {
      const res = await this.client.request(
        {
          method: req.method,
          path: req.path + query,
          headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
        },
        req.path,
      )
      if (res.status < 200 || res.status > 299) {
        await res.discard()
        throw new WechatError('http', `${req.path} answered HTTP ${res.status}`, undefined, res.status)
      }
      return (await res.json()) as T
    } catch (err) {
      if (err instanceof WechatError) throw err
      if (err instanceof UpstreamRequestError) throw new WechatError(err.kind, err.message)
      throw new WechatError('invalid_json', `${req.path} answered a body that is not JSON`)
    }
  }

  /**
   * For APIs that answer an image on success and JSON (errcode) on failure, such as
   * wxa/getwxacodeunlimit: an image body is returned; a JSON body throws its errcode.
   */
  async requestImage(req: WechatRequest): Promise<WechatImage> {
    const query = req.query === undefined ? '' : `?${new URLSearchParams(req.query).toString()}`
    let contentType: string
    let bytes: Buffer
    try {
      const res = await this.client.request({ method: req.method, path: req.path + query, headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body ?? {}) }, req.path)
      if (res.status < 200 || res.status > 299) {
        await res.discard()
        throw new WechatError('http', `${req.path} answered HTTP ${res.status}`, undefined, res.status)
      }
      contentType = res.contentType
      bytes = await res.bytes()
    } catch (err) {
      if (err instanceof WechatError) throw err
      if (err instanceof UpstreamRequestError) throw new WechatError(err.kind, err.message)
      throw err
    }
    if (contentType.startsWith('image/')) return { contentType, bytes }
    let body: WechatResponseBase
    try {
      body = JSON.parse(bytes.toString('utf8')) as WechatResponseBase
    } catch {
      throw new WechatError('invalid_json', `${req.path} answered neither an image nor JSON (${contentType || 'no content-type'})`)
    }
    throw errcodeError(req.path, body)
  }

  /** Closes the kept-alive connections (the app's onClose). */
  close(): Promise<void> {
    return this.client.close()
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
