/**
 * Builds the real app for a test: a fresh SQLite file in a tmp dir, a memory SharedStore, a
 * controllable clock, captured logs, and (optionally) the fake WeChat API as upstream.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, RouteOptions } from 'fastify'
import type { LoginResponse, UserRole } from '../../../miniprogram/core/api-types'
import { buildApp, type AppHandles } from '../../../server/src/app'
import { loadConfig, type Env } from '../../../server/src/config'
import { openDatabase } from '../../../server/src/db/database'
import { migrateToLatest } from '../../../server/src/db/migrations'
import { MemoryStore } from '../../../server/src/shared-store/memory-store'
import type { SharedStore } from '../../../server/src/shared-store/shared-store'
import type { FakeWechatApi } from '../../fakes/wechat-api'
import { clockTimers, type ClockTimers } from './clock-timers'

export const TEST_ZEGO_SECRET = 'abcdefghijklmnopqrstuvwxyz012345'
export const TEST_ZEGO_APP_ID = 1234567890
export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef'

export interface TestClock {
  nowMs(): number
  advanceSeconds(seconds: number): void
}

/** What a test reads from an answer (the shape of Fastify's inject response that the tests use). */
export interface TestResponse {
  statusCode: number
  body: string
  headers: Headers
  json<T = Record<string, unknown>>(): T
}

export interface TestRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  url: string
  payload?: unknown
  /** Sent as-is (for malformed-JSON tests). */
  rawBody?: string
  headers?: Record<string, string>
}

export interface TestServer {
  app: FastifyInstance
  baseUrl: string
  /**
   * A real HTTP request to the server on 127.0.0.1. (Fastify's inject cannot run under jest on
   * Node 20: light-my-request depends on the ESM-only `cookie` package.)
   */
  request(req: TestRequest): Promise<TestResponse>
  /** What the test drives besides HTTP: repos, sweepers, broadcasters (server/src/app.ts AppHandles). */
  handles: AppHandles
  logs: string[]
  clock: TestClock
  /** The timers likes announcements and comment batches wait on, on `clock`: `timers.advance(ms)` moves both. */
  timers: ClockTimers
  /** Signs a user in (dev mode or via the fake's jscode2session) and gives them `role`. */
  signIn(openid: string, role?: UserRole): Promise<LoginResponse>
  close(): Promise<void>
}

export function baseEnv(dbFile: string): Env {
  return {
    PORT: '0',
    DATABASE_URL: `file:${dbFile}`,
    ZEGO_APP_ID: String(TEST_ZEGO_APP_ID),
    ZEGO_SERVER_SECRET: TEST_ZEGO_SECRET,
    SESSION_SECRET: TEST_SESSION_SECRET,
    LOG_LEVEL: 'info',
  }
}

export interface TestServerOptions {
  wechat?: FakeWechatApi
  env?: Env
  store?: SharedStore
  consoleDir?: string
  /** Sees every route as it is registered. */
  onRoute?: (route: RouteOptions) => void
}

export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-test-'))
  const env: Env = { ...baseEnv(path.join(dir, 'test.sqlite')), UPLOAD_DIR: path.join(dir, 'uploads'), ...options.env }
  if (options.wechat !== undefined) {
    env.WECHAT_APPID = options.wechat.appId
    env.WECHAT_APPSECRET = options.wechat.appSecret
    env.WECHAT_API_BASE = options.wechat.baseUrl
    env.WECHAT_TIMEOUT_MS ??= '300'
  }
  const config = loadConfig(env)
  let now = Date.UTC(2026, 10, 21, 4, 0, 0)
  const clock: TestClock = { nowMs: () => now, advanceSeconds: (s) => void (now += s * 1000) }
  const database = openDatabase(config.databaseUrl)
  await migrateToLatest(database.db)
  // A store passed in is shared with another instance (as Redis would be), and is not closed here.
  const store: SharedStore = options.store ?? new MemoryStore(() => now)
  const logs: string[] = []
  const timers = clockTimers(clock)
  const { app, handles } = await buildApp({ config, database, store, nowMs: clock.nowMs, docsUi: false, orderSweepIntervalMs: 0, recordingSweepIntervalMs: 0, likesTimer: timers, commentsTimer: timers, consoleDir: options.consoleDir ?? path.join(dir, 'no-console'), onRoute: options.onRoute, logStream: { write: (line: string) => void logs.push(line) } })
  // Tests open a few thousand connections at once; the default backlog (511) would reset some of
  // them on a loaded machine, failing a test on speed alone.
  const address = await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 })
  const request = async (req: TestRequest): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...req.headers }
    let body: string | undefined = req.rawBody
    if (req.payload !== undefined) {
      body = JSON.stringify(req.payload)
      headers['content-type'] ??= 'application/json'
    } else if (body !== undefined) headers['content-type'] ??= 'application/json'
    const res = await fetch(address + req.url, { method: req.method ?? 'GET', headers, body, redirect: 'manual' })
    const text = await res.text()
    return { statusCode: res.status, body: text, headers: res.headers, json: <T>() => JSON.parse(text) as T }
  }

  let codeSerial = 0
  const signIn = async (openid: string, role: UserRole = 'shopper'): Promise<LoginResponse> => {
    let code = `dev:${openid}`
    if (options.wechat !== undefined) {
      codeSerial += 1
      code = `code-${codeSerial}`
      options.wechat.loginCodes.set(code, { openid })
    }
    if (role !== 'shopper') await handles.users.setRole(openid, role)
    const res = await request({ method: 'POST', url: '/api/auth/login', payload: { code } })
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`)
    return res.json<LoginResponse>()
  }

  return {
    app,
    baseUrl: address,
    request,
    handles,
    logs,
    clock,
    timers,
    signIn,
    close: async () => {
      await app.close()
      if (options.store === undefined) await store.close()
      await database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const bearer = (login: LoginResponse): Record<string, string> => ({ authorization: `Bearer ${login.token}` })
