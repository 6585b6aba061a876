/**
 * npm run bench:server — load benchmark of the cached WeChat room list and the ZEGO token route.
 * Everything runs on 127.0.0.1: the real app (tmp SQLite, memory store) and the fake WeChat API.
 * Each route gets a bounded run (BENCH_SECONDS, default 5). Prints requests/s, p99 latency and how
 * many upstream calls the load caused.
 *   BENCH_SECONDS=5 BENCH_CONNECTIONS=50 npm run bench:server
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import { buildApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import { openDatabase } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrations'
import { MemoryStore } from '../../server/src/shared-store/memory-store'
import { FakeWechatApi, fakeLiveRoom } from '../../test/fakes/wechat-api'

const seconds = Math.min(30, Math.max(1, Number(process.env.BENCH_SECONDS ?? 5)))
const connections = Math.min(500, Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 50)))

async function main(): Promise<void> {
  const wechat = new FakeWechatApi()
  await wechat.start()
  wechat.rooms = Array.from({ length: 30 }, (_, i) => fakeLiveRoom(1000 + i))

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-bench-'))
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `file:${path.join(dir, 'bench.sqlite')}`,
    WECHAT_APPID: wechat.appId,
    WECHAT_APPSECRET: wechat.appSecret,
    WECHAT_API_BASE: wechat.baseUrl,
    ZEGO_APP_ID: '1234567890',
    ZEGO_SERVER_SECRET: 'abcdefghijklmnopqrstuvwxyz012345',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    LOG_LEVEL: 'warn',
    // The benchmark measures throughput, not the limiter.
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000000',
    RATE_LIMIT_ZEGO_TOKEN_PER_MINUTE: '10000000',
  })
  const database = openDatabase(config.databaseUrl)
  await migrateToLatest(database.db)
  const store = new MemoryStore()
  const { app, ctx } = await buildApp({ config, database, store, docsUi: false, logStream: { write: () => undefined } })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })

  const anchor = await ctx.users.setRole('bench-anchor', 'anchor')
  const room: Room = await ctx.rooms.create(
    { title: 'bench', cover: '', anchorUserId: anchor.id, scheduledStart: Math.floor(Date.now() / 1000), scheduledEnd: null, status: 'live', shelf: [] },
    Math.floor(Date.now() / 1000),
  )
  wechat.loginCodes.set('bench-code', { openid: 'bench-shopper' })
  const login = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'bench-code' }) })).json()) as LoginResponse

  const cpus = os.cpus()
  console.log(`machine: ${cpus.length} CPUs (nproc ${os.availableParallelism()}), ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}`)
  console.log(`load: ${connections} connections, ${seconds} s per route, loopback 127.0.0.1\n`)

  const routes = [
    { name: 'GET  /api/wechat-live/rooms', options: { url: `${base}/api/wechat-live/rooms?limit=20`, method: 'GET' as const } },
    {
      name: 'POST /api/zego/token',
      options: {
        url: `${base}/api/zego/token`,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
        body: JSON.stringify({ roomId: room.id }),
      },
    },
  ]
  for (const route of routes) {
    const before = wechat.ledger.length
    const result = await autocannon({ ...route.options, connections, duration: seconds })
    const upstream = wechat.ledger.slice(before)
    const liveInfo = upstream.filter((c) => c.path === '/wxa/business/getliveinfo').length
    const tokens = upstream.filter((c) => c.path === '/cgi-bin/stable_token').length
    console.log(
      `${route.name}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms (p50 ${result.latency.p50} ms), ` +
        `${result['2xx']} ok / ${result.non2xx} non-2xx / ${result.errors} errors; upstream calls during run: getliveinfo ${liveInfo}, stable_token ${tokens}`,
    )
  }
  const totals = { getliveinfo: wechat.callsTo('/wxa/business/getliveinfo').length, stable_token: wechat.callsTo('/cgi-bin/stable_token').length, jscode2session: wechat.callsTo('/sns/jscode2session').length }
  console.log(`\nupstream calls in total (including warm-up and sign-in): ${JSON.stringify(totals)}`)

  await app.close()
  await store.close()
  await database.close()
  await wechat.close()
  fs.rmSync(dir, { recursive: true, force: true })
}

main().catch((err: unknown) => {
  console.error('bench failed:', err)
  process.exit(1)
})
