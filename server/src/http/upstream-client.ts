/**
 * HTTP to the upstream platforms (WeChat's API, ZEGO's server API) over undici's `request` and a
 * keep-alive Agent per upstream. WHATWG `fetch` costs several times the CPU per call (streams,
 * Request/Response objects, an AbortSignal timer each), which capped live comments, whose every
 * one makes two upstream calls. Failures come back as kinds, never with the URL: URLs carry access
 * tokens and signatures.
 */
import { Agent, errors, request, type Dispatcher } from 'undici'

export type UpstreamFailureKind = 'timeout' | 'network'

export class UpstreamRequestError extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
  ) {
    super(message)
    this.name = 'UpstreamRequestError'
  }
}

export interface UpstreamAnswer {
  status: number
  /** The media type of the body, lower case, without parameters ('' when none was sent). */
  contentType: string
  /** Reads the body as bytes (images such as wxacode); the same timeouts as json(). */
  bytes(): Promise<Buffer>
  /** Reads the body as JSON; throws UpstreamRequestError('timeout') when it stalls, SyntaxError when it is not JSON. */
  json(): Promise<unknown>
  /** Discards the body (non-2xx answers), so the connection can be reused. */
  discard(): Promise<void>
}

export interface UpstreamRequest {
  method: 'GET' | 'POST'
  /** Path and query string, already encoded. */
  path: string
  body?: string
  headers?: Record<string, string>
}

/** Enough sockets for a busy live's comments; requests beyond wait in undici's queue. */
const CONNECTIONS_PER_ORIGIN = 64
const KEEP_ALIVE_MS = 30_000

const isTimeout = (err: unknown): boolean =>
  err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError

export class UpstreamClient {
  private readonly origin: string
  private readonly prefix: string
  private readonly agent: Agent

  /** `baseUrl` may carry a path prefix (WECHAT_API_BASE behind a gateway); `timeoutMs` bounds connecting, the headers and each pause in the body. */
  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(baseUrl)
    this.origin = url.origin
    this.prefix = url.pathname.replace(/\/+$/, '')
    this.agent = new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: KEEP_ALIVE_MS, connect: { timeout: timeoutMs } })
  }

  async request(req: UpstreamRequest, label: string): Promise<UpstreamAnswer> {
    let res: Dispatcher.ResponseData
    try {
      res = await request(this.origin + this.prefix + req.path, {
        dispatcher: this.agent,
        method: req.method,
        headers: req.headers,
        body: req.body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      })
    } catch (err) {
      if (isTimeout(err)) throw new UpstreamRequestError('timeout', `${label} timed out after ${this.timeoutMs} ms`)
      // The error's own message may quote the URL (tokens, signatures): keep only its kind.
      throw new UpstreamRequestError('network', `${label} failed: network error`)
    }
    const { body, statusCode, headers } = res
    const read = async <T>(how: () => Promise<T>): Promise<T> => {
      try {
        return await how()
      } catch (err) {
        if (isTimeout(err)) throw new UpstreamRequestError('timeout', `${label} timed out after ${this.timeoutMs} ms`)
        throw new UpstreamRequestError('network', `${label} failed: network error`)
      }
    }
    const type = headers['content-type']
    return {
      status: statusCode,
      contentType: (Array.isArray(type) ? type[0] : type ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
      json: async () => JSON.parse(await read(() => body.text())) as unknown,
      bytes: async () => Buffer.from(await read(() => body.arrayBuffer())),
      discard: async () => {
        await body.dump().catch(() => undefined)
      },
    }
  }

  close(): Promise<void> {
    return this.agent.close()
  }
}
