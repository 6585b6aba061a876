/**
 * The real merchant server for mini-program end-to-end tests, in a process of its own (the page
 * tests run in jsdom, the server needs node): dev mode (no WeChat credentials, so sign-in takes
 * `dev:<openid>` codes and payments use the simulator), a fresh SQLite file, the demo seed.
 * Prints `REAL_SERVER_URL <url>` once it listens; exits when its parent closes stdin.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import { openDatabase } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrations'
import { seedDemoData } from '../../server/src/demo/seed-demo'
import { MemoryStore } from '../../server/src/shared-store/memory-store'

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-e2e-'))
  const config = loadConfig({
      PORT: '0',
      DATABASE_URL: `file:${path.join(dir, 'e2e.sqlite')}`,
      ZEGO_APP_ID: '1234567890',
      ZEGO_SERVER_SECRET: 'abcdefghijklmnopqrstuvwxyz012345',
      SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
  })
  // What `npm start` runs (server/src/main.ts), on a fresh file and a port of its own.
  const database = openDatabase(config.databaseUrl)
  await migrateToLatest(database.db)
  const store = new MemoryStore()
  const { app, handles } = await buildApp({ config, database, store, docsUi: false })
  await seedDemoData(handles, Math.floor(Date.now() / 1000))
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const server = {
    close: async () => {
      await app.close()
      await store.close()
      await database.close()
    },
  }
  process.stdout.write(`REAL_SERVER_URL ${url}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => {
    void server.close().then(() => {
      fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    })
  })
}

main().catch((err: unknown) => {
  process.stderr.write(`real server failed to start: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
