/**
 * One server process of the benchmark, forked by run.ts through node:cluster (workers of one role
 * share the listening port). BENCH_ROLE=app runs the real server on the fixture's SQLite file and
 * (with REDIS_URL) Redis; BENCH_ROLE=bare runs a Fastify with no plugins answering the bytes in
 * BENCH_BARE_FILE, the ceiling the real routes are compared with.
 */
import fs from 'node:fs'
import Fastify from 'fastify'
import { buildApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import { openDatabase } from '../../server/src/db/database'
import { MemoryStore } from '../../server/src/shared-store/memory-store'
import { RedisStore } from '../../server/src/shared-store/redis-store'
import type { SharedStore } from '../../server/src/shared-store/shared-store'

/** A route the bare server answers: `bytes` prepared once, or `json` serialised per request. */
export interface BareRoute {
  method: 'GET' | 'POST'
  url: string
  contentType: string
  bytesBase64?: string
  json?: unknown
}

async function runApp(): Promise<number> {
  const config = loadConfig(process.env)
  const database = openDatabase(config.databaseUrl)
  const store: SharedStore = config.redisUrl === null ? new MemoryStore() : new RedisStore(config.redisUrl)
  // Log lines are formatted as in production and then dropped: formatting is the cost that matters.
  const { app } = await buildApp({ config, database, store, docsUi: false, logStream: { write: () => undefined } })
  await app.listen({ port: config.port, host: config.host, backlog: 4096 })
  process.once('disconnect', () => void app.close().then(() => Promise.all([store.close(), database.close()])).finally(() => process.exit(0)))
  return config.port
}

async function runBare(): Promise<number> {
  const routes = JSON.parse(fs.readFileSync(process.env.BENCH_BARE_FILE ?? '', 'utf8')) as BareRoute[]
  const app = Fastify({ logger: false })
  for (const route of routes) {
    const bytes = route.bytesBase64 === undefined ? null : Buffer.from(route.bytesBase64, 'base64')
    app.route({
      method: route.method,
      url: route.url,
      handler: async (_request, reply) => {
        reply.header('content-type', route.contentType)
        return bytes ?? route.json
      },
    })
  }
  const port = Number(process.env.PORT)
  await app.listen({ port, host: '127.0.0.1', backlog: 4096 })
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)))
  return port
}

/** The primary asks each worker for its CPU time around a run: CPU per request holds on a shared machine. */
process.on('message', (msg: { cpu?: number }) => {
  if (msg.cpu !== undefined) process.send?.({ cpu: msg.cpu, usage: process.cpuUsage() })
})

const role = process.env.BENCH_ROLE
;(role === 'bare' ? runBare() : runApp()).then(
  (port) => process.send?.({ ready: port }),
  (err: unknown) => {
    console.error(`bench ${role ?? 'app'} worker failed:`, err)
    process.exit(1)
  },
)
