/**
 * How WechatHttp (and ZegoServerApi, which shares the check) labels a failed call. Under jest the abort error of a timed-out fetch comes from
 * Node's realm, not the test's, so it is not `instanceof Error` here: these tests are where a
 * name check that relies on `instanceof` would misreport a timeout as a network failure.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { isFetchTimeout } from '../../server/src/http/fetch-failure'
import { WechatError, WechatHttp } from '../../server/src/wechat/wechat-http'
import { ZegoServerApi } from '../../server/src/zego/server-api'
import { FakeWechatApi } from '../fakes/wechat-api'
import { createTestServer } from './support/test-server'

const JSCODE2SESSION = '/sns/jscode2session'

describe('WechatHttp failure kinds', () => {
  let wechat: FakeWechatApi

  beforeEach(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
  })

  afterEach(() => wechat.close())

  it('reports a call that gets no answer in time as a timeout', async () => {
    wechat.injectFault(JSCODE2SESSION, { kind: 'timeout' })
    const err = await new WechatHttp(wechat.baseUrl, 200).request({ method: 'GET', path: JSCODE2SESSION, query: { secret: 'do-not-log' } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WechatError)
    expect(err).toMatchObject({ failure: 'timeout', message: `${JSCODE2SESSION} timed out after 200 ms` })
    expect(String((err as WechatError).message)).not.toContain('do-not-log')
  })

  it('reports a body that stops arriving before the timeout as a timeout, not as bad JSON', async () => {
    const sockets = new Set<Socket>()
    const stalling = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"errcode":')
    })
    stalling.on('connection', (socket) => sockets.add(socket))
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve))
    try {
      const base = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`
      const wechatErr = await new WechatHttp(base, 200).request({ method: 'GET', path: JSCODE2SESSION }).catch((e: unknown) => e)
      expect(wechatErr).toMatchObject({ failure: 'timeout' })
      const zego = new ZegoServerApi({ baseUrl: base, appId: 1, serverSecret: 'x'.repeat(32), timeoutMs: 200, nowMs: Date.now, randomBytes })
      const zegoErr = await zego.sendBarrageMessage({ roomId: 'r', userId: 'u', userName: 'n', content: 'hi' }).catch((e: unknown) => e)
      expect(zegoErr).toMatchObject({ failure: 'timeout' })
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => stalling.close(() => resolve()))
    }
  })

  it('still reports a refused connection as a network failure', async () => {
    // A port that was just free: nothing listens there, so the connection is refused at once.
    const probe = http.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const err = await new WechatHttp(`http://127.0.0.1:${port}`, 2000).request({ method: 'GET', path: JSCODE2SESSION }).catch((e: unknown) => e)
    expect(err).toMatchObject({ failure: 'network' })
  })

  it('answers a sign-in whose jscode2session times out with the timeout named', async () => {
    const server = await createTestServer({ wechat, env: { WECHAT_TIMEOUT_MS: '200' } })
    try {
      wechat.injectFault(JSCODE2SESSION, { kind: 'timeout' })
      wechat.loginCodes.set('code-slow', { openid: 'slow-user' })
      const res = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'code-slow' } })
      expect(res.statusCode).toBe(502)
      expect(res.json()).toEqual({ error: 'upstream_unavailable', message: 'WeChat sign-in is unavailable: timeout' })
    } finally {
      await server.close()
    }
  })
})

describe('isFetchTimeout', () => {
  it('recognises the abort errors by name or code, whatever their prototype', () => {
    expect(isFetchTimeout(new DOMException('timed out', 'TimeoutError'))).toBe(true)
    expect(isFetchTimeout(new DOMException('aborted', 'AbortError'))).toBe(true)
    // What instanceof cannot see: a plain object shaped like another realm's DOMException.
    expect(isFetchTimeout({ name: 'TimeoutError', message: 'timed out' })).toBe(true)
    expect(isFetchTimeout({ code: 'ABORT_ERR' })).toBe(true)
  })

  it('trusts an aborted signal even when the error says nothing', () => {
    const controller = new AbortController()
    controller.abort()
    expect(isFetchTimeout(new TypeError('fetch failed'), controller.signal)).toBe(true)
  })

  it('leaves other failures alone', () => {
    expect(isFetchTimeout(new TypeError('fetch failed'), new AbortController().signal)).toBe(false)
    expect(isFetchTimeout(null)).toBe(false)
    expect(isFetchTimeout('TimeoutError')).toBe(false)
  })
})
