/**
 * Runs the real merchant server (test/helpers/real-server-main.ts) and answers the mini-program's
 * wx.request from it over loopback HTTP, so page tests prove that the app and the server agree on
 * routes, bodies and shapes. Every request is recorded; `idle()` waits until none is in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { wxLedger } from '../fakes/wx'
import { repoRoot } from './load-page'

export interface BridgedRequest {
  method: string
  path: string
  body: unknown
  statusCode: number
  data: unknown
}

export interface RealServer {
  url: string
  requests: BridgedRequest[]
  /** Resolves once no request is in flight (after the page's answer handlers have run). */
  idle(): Promise<void>
  /** A request of the test's own, straight to the server (to read what the server holds). */
  call<T>(method: string, urlPath: string, body?: unknown, token?: string): Promise<{ statusCode: number; data: T }>
  stop(): Promise<void>
}

function send<T>(base: string, method: string, urlPath: string, body: unknown, headers: Record<string, string>): Promise<{ statusCode: number; data: T }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined || method === 'GET' ? undefined : JSON.stringify(body)
    const req = http.request(new URL(urlPath, base), { method, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => {
        let data: unknown = text
        try {
          data = text ? JSON.parse(text) : null
        } catch {
          // a non-JSON answer stays text, as wx.request gives it
        }
        resolve({ statusCode: res.statusCode ?? 0, data: data as T })
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

export async function startRealServer(): Promise<RealServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/helpers/real-server-main.ts')], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /REAL_SERVER_URL (\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`the real server exited (${code}) before listening: ${errors || out}`)))
  })

  const requests: BridgedRequest[] = []
  const inFlight = new Set<Promise<unknown>>()
  const wxGlobal = wx as unknown as Record<string, unknown>
  wxGlobal.request = (options: WechatMiniprogram.RequestOption) => {
    wxLedger.record('request', [options])
    const target = new URL(options.url)
    const method = options.method ?? 'GET'
    const headers = Object.fromEntries(Object.entries((options.header ?? {}) as Record<string, string>).filter(([k]) => k.toLowerCase() !== 'content-type'))
    const done = send<unknown>(url, method, target.pathname + target.search, options.data, headers).then(
      ({ statusCode, data }) => {
        requests.push({ method, path: target.pathname + target.search, body: options.data, statusCode, data })
        const res = { errMsg: 'request:ok', statusCode, data, header: {}, cookies: [] }
        options.success?.(res as unknown as WechatMiniprogram.RequestSuccessCallbackResult)
        options.complete?.(res)
      },
      (err: Error) => {
        const res = { errMsg: `request:fail ${err.message}`, errno: 600001 } as unknown as WechatMiniprogram.RequestFailCallbackErr
        options.fail?.(res)
        options.complete?.(res)
      },
    )
    inFlight.add(done)
    void done.finally(() => inFlight.delete(done))
    return { abort: () => undefined, onHeadersReceived: () => undefined, offHeadersReceived: () => undefined }
  }

  return {
    url,
    requests,
    idle: async () => {
      for (let i = 0; i < 50 && inFlight.size > 0; i++) await Promise.allSettled([...inFlight])
    },
    call: (method, urlPath, body, token) => send(url, method, urlPath, body, token ? { authorization: `Bearer ${token}` } : {}),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.stdin?.end()
      }),
  }
}
