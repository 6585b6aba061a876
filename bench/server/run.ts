/**
 * npm run bench:server [-- --instances N] — the hot routes under load, each beside a bare Fastify
 * answering the same bytes in the same run, on the same machine. Ratios to that ceiling hold across
 * machines; absolute numbers do not.
 *
 * The real server runs in N cluster workers (one port, SQLite file shared; Redis shared when
 * TEST_REDIS_URL is set, otherwise each worker keeps its own cache), the bare baseline in N more;
 * autocannon and the fake WeChat and ZEGO APIs run in this process.
 *   BENCH_SECONDS=5 BENCH_CONNECTIONS=50 npm run bench:server -- --instances 2
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:server   (writes a .cpuprofile per server worker)
 */
import cluster, { type Worker } from 'node:cluster'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { COMMENT_SENDERS, createFixture, type Fixture } from './fixture'
import { describe, fmt, load, type LoadResult } from './load'
import type { BareRoute } from './worker'

const seconds = Math.min(60, Math.max(1, Number(process.env.BENCH_SECONDS ?? 5)))
const connections = Math.min(500, Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 50)))
const instancesArg = process.argv.indexOf('--instances')
const instances = Math.min(16, Math.max(1, instancesArg > 0 ? Number(process.argv[instancesArg + 1]) : 1))
/** BENCH_ONLY=lists or BENCH_ONLY=comments runs one half (for profiling one route at a time). */
const only = process.env.BENCH_ONLY

interface CachedRoute {
  name: string
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
  /** The target ratio to the bare Fastify, from the project's performance goals. */
  target: number
  /** Baseline serialises the same JSON per request (routes whose answer differs per request). */
  perRequestJson?: boolean
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function forkWorkers(count: number, env: Record<string, string>): Promise<Worker[]> {
  const profDir = process.env.BENCH_CPU_PROF
  cluster.setupPrimary({
    exec: path.join(__dirname, 'worker.ts'),
    execArgv: profDir !== undefined && env.BENCH_ROLE === 'app' ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profDir}`] : process.execArgv,
  })
  return Promise.all(
    Array.from({ length: count }, () => {
      const worker = cluster.fork(env)
      return new Promise<Worker>((resolve, reject) => {
        worker.once('message', (msg: { ready?: number }) => (msg.ready !== undefined ? resolve(worker) : reject(new Error('worker did not start'))))
        worker.once('exit', (code) => reject(new Error(`${env.BENCH_ROLE ?? ''} worker exited with ${code}`)))
      })
    }),
  )
}

async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : (w.once('exit', () => resolve()), w.disconnect())))))
}

function line(name: string, bare: LoadResult | null, app: LoadResult, target: number | null): string {
  const ratio = bare === null ? null : app.rps / bare.rps
  const verdict = ratio === null || target === null ? '' : ratio >= target ? `  ≥ ${target} ✓` : `  < ${target} ✗`
  return [
    `${name}`,
    bare === null ? null : `  bare    ${describe(bare)}`,
    `  server  ${describe(app)}${ratio === null ? '' : `\n  ratio   ${ratio.toFixed(2)}${verdict}`}`,
  ]
    .filter((l) => l !== null)
    .join('\n')
}

/** CPU milliseconds the workers have used so far, all together (user + system). */
async function cpuMs(workers: Worker[]): Promise<number> {
  const serial = Math.random()
  const usages = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve) => {
          const onMessage = (msg: { cpu?: number; usage?: NodeJS.CpuUsage }): void => {
            if (msg.cpu !== serial || msg.usage === undefined) return
            w.off('message', onMessage)
            resolve((msg.usage.user + msg.usage.system) / 1000)
          }
          w.on('message', onMessage)
          w.send({ cpu: serial })
        }),
    ),
  )
  return usages.reduce((a, b) => a + b, 0)
}

async function main(): Promise<void> {
  const fixture: Fixture = await createFixture()
  const appPort = await freePort()
  const barePort = await freePort()
  const app = `http://127.0.0.1:${appPort}`
  const bare = `http://127.0.0.1:${barePort}`
  const appWorkers = await forkWorkers(instances, { ...fixture.env, PORT: String(appPort), BENCH_ROLE: 'app' })

  const token = { authorization: `Bearer ${fixture.senderTokens[0] ?? ''}`, 'content-type': 'application/json' }
  const routes: CachedRoute[] = [
    { name: 'GET  /api/wechat-live/rooms (cached WeChat room list)', method: 'GET', path: '/api/wechat-live/rooms?limit=20', target: 0.7 },
    { name: 'GET  /api/rooms (public room list)', method: 'GET', path: '/api/rooms?limit=20', target: 0.5 },
    { name: 'GET  /api/goods (public goods list)', method: 'GET', path: '/api/goods?limit=20', target: 0.5 },
    { name: 'POST /api/zego/token (bare: same JSON serialised per request)', method: 'POST', path: '/api/zego/token', headers: token, body: JSON.stringify({ roomId: fixture.roomId }), target: 0.3, perRequestJson: true },
  ]
  // Each route answered once: what the bare Fastify sends, and the warm-up of the server's caches.
  const bareRoutes: BareRoute[] = []
  const etags = new Map<string, string>()
  for (const route of routes) {
    const res = await fetch(app + route.path, { method: route.method, headers: route.headers, body: route.body })
    const bytes = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200) throw new Error(`${route.name} answered ${res.status}: ${bytes.toString('utf8').slice(0, 300)}`)
    const contentType = res.headers.get('content-type') ?? 'application/json; charset=utf-8'
    const etag = res.headers.get('etag')
    if (etag !== null) etags.set(route.path, etag)
    const url = route.path.split('?')[0] ?? route.path
    bareRoutes.push(route.perRequestJson === true ? { method: route.method, url, contentType, json: JSON.parse(bytes.toString('utf8')) } : { method: route.method, url, contentType, bytesBase64: bytes.toString('base64') })
    console.log(`${route.path}: ${fmt(bytes.length)} bytes${etag === null ? '' : `, ETag ${etag}`}`)
  }
  const bareFile = path.join(os.tmpdir(), `storefront-bench-bare-${process.pid}.json`)
  fs.writeFileSync(bareFile, JSON.stringify(bareRoutes))
  const bareWorkers = await forkWorkers(instances, { PORT: String(barePort), BENCH_ROLE: 'bare', BENCH_BARE_FILE: bareFile })

  const cpus = os.cpus()
  console.log(`\nmachine: ${cpus.length} CPUs (nproc ${os.availableParallelism()}), ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}`)
  console.log(`load: ${connections} connections, ${seconds} s per run, loopback; ${instances} server instance(s) and ${instances} bare instance(s) via node:cluster; store: ${fixture.env.REDIS_URL === undefined ? 'memory (per instance)' : 'Redis (shared)'}\n`)

  const before = fixture.wechat.callsTo('/wxa/business/getliveinfo').length
  for (const route of only === 'comments' ? [] : routes) {
    const options = { method: route.method, headers: route.headers, body: route.body, connections, duration: seconds }
    // A short unmeasured run first, so both sides are measured with their code optimised; then two
    // alternating rounds, the better of each kept, so neither side is favoured by when it ran on a shared machine.
    await load({ ...options, url: bare + route.path, duration: 1 })
    await load({ ...options, url: app + route.path, duration: 1 })
    let bareResult: LoadResult | null = null
    let appResult: LoadResult | null = null
    for (let round = 0; round < 2; round += 1) {
      const b = await load({ ...options, url: bare + route.path })
      const a = await load({ ...options, url: app + route.path })
      if (bareResult === null || b.rps > bareResult.rps) bareResult = b
      if (appResult === null || a.rps > appResult.rps) appResult = a
    }
    if (bareResult === null || appResult === null) throw new Error('no load run')
    console.log(line(route.name, bareResult, appResult, route.target))
  }
  const listEtag = etags.get('/api/wechat-live/rooms?limit=20')
  if (listEtag !== undefined && only !== 'comments') {
    const revalidated = await load({ url: `${app}/api/wechat-live/rooms?limit=20`, headers: { 'if-none-match': listEtag }, connections, duration: seconds })
    console.log(line('GET  /api/wechat-live/rooms with If-None-Match (304, no body)', null, revalidated, null))
  }
  console.log(`  getliveinfo calls during the runs: ${fixture.wechat.callsTo('/wxa/business/getliveinfo').length - before}`)

  if (only !== 'lists') await benchComments(fixture, app, appWorkers)

  await stopWorkers([...appWorkers, ...bareWorkers])
  fs.rmSync(bareFile, { force: true })
  await fixture.close()
}

async function benchComments(fixture: Fixture, app: string, appWorkers: Worker[]): Promise<void> {
  const checksBefore = fixture.wechat.callsTo('/wxa/msg_sec_check').length
  const barrageBefore = fixture.zego.callsTo('SendBarrageMessage').length
  const serverCpuBefore = await cpuMs(appWorkers)
  const primaryCpuBefore = process.cpuUsage()
  let serial = 0
  const comments = await load({
    url: `${app}/api/rooms/${fixture.roomId}/comments`,
    connections: COMMENT_SENDERS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          serial += 1
          const sender = fixture.senderTokens[serial % fixture.senderTokens.length] ?? ''
          return { ...request, method: 'POST', headers: { authorization: `Bearer ${sender}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: `好看！第 ${serial} 条` }) }
        },
      },
    ],
  })
  const serverCpu = (await cpuMs(appWorkers)) - serverCpuBefore
  const primaryCpu = process.cpuUsage(primaryCpuBefore)
  // The batches of the last comments leave within a tick or two.
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const checks = fixture.wechat.callsTo('/wxa/msg_sec_check').length - checksBefore
  const accepted = comments.statuses['201'] ?? 0
  const perSecond = accepted / seconds / instances
  const total = Object.values(comments.statuses).reduce((a, b) => a + b, 0)
  console.log(line(`POST /api/rooms/:id/comments (${COMMENT_SENDERS} senders, fakes answer at once)`, null, comments, null))
  console.log(
    `  accepted ${fmt(accepted)} (${fmt(perSecond)}/s per instance, target ≥ 1,000 ${perSecond >= 1000 ? '✓' : '✗'}; p99 target < 100 ms ${comments.p99 < 100 ? '✓' : '✗'}); ` +
      `msg_sec_check calls ${fmt(checks)}`,
  )
  console.log(
    `  CPU per request: server ${(serverCpu / Math.max(1, total)).toFixed(2)} ms; load generator and fakes ${((primaryCpu.user + primaryCpu.system) / 1000 / Math.max(1, total)).toFixed(2)} ms`,
  )
  const batches = fixture.zego.callsTo('SendBarrageMessage').slice(barrageBefore)
  const carried = batches.reduce((n, call) => n + ((JSON.parse(call.params.MessageContent ?? '{}') as { c?: unknown[] }).c?.length ?? 0), 0)
  const largest = Math.max(0, ...batches.map((call) => Buffer.byteLength(call.params.MessageContent ?? '')))
  console.log(
    `  broadcast to the room: ${fmt(carried)} comments in ${fmt(batches.length)} SendBarrageMessage calls (largest ${fmt(largest)} bytes); ` +
      `${fmt(Math.max(0, accepted - carried))} beyond what ZEGO's per-room rate carries were left to the history`,
  )
}

main().catch((err: unknown) => {
  console.error('bench failed:', err)
  process.exit(1)
})
