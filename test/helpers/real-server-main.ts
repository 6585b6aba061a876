/**
 * The real merchant server for mini-program end-to-end tests, in a process of its own (the page
 * tests run in jsdom, the server needs node): dev mode (no WeChat credentials, so sign-in takes
 * `dev:<openid>` codes and payments use the simulator), a fresh SQLite file, the demo seed.
 * Prints `REAL_SERVER_URL <url>` once it listens; exits when its parent closes stdin.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from '../../server/src/main'

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-e2e-'))
  const server = await startServer(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dir, 'e2e.sqlite')}`,
      ZEGO_APP_ID: '1234567890',
      ZEGO_SERVER_SECRET: 'abcdefghijklmnopqrstuvwxyz012345',
      SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
    },
    { seedDemo: true },
  )
  process.stdout.write(`REAL_SERVER_URL ${server.url}\n`)
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
