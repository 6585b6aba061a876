/**
 * npm start: build the mini-program and the console, then run the merchant server on SQLite under data/ with demo
 * data, and print how to reach it from WeChat DevTools.
 *   --no-build   skip the mini-program build (the server alone, with demo data)
 * Missing ZEGO/session settings get local placeholders so the demo starts; real values come from
 * the environment exactly as for `npm run server`.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ConfigError } from '../server/src/config'
import { DEMO_ADMIN_OPENID, DEMO_ANCHOR_OPENID, DEMO_ROOM_ID, DEMO_STAFF, DEMO_STAFF_PASSWORD } from '../server/src/demo/seed-demo'
import { DEV_MODE_NOTICE } from '../server/src/http/health-routes'
import { startServer } from '../server/src/main'
import { DEMO_SHOPPER_LOGIN_CODE, ensureLocalConfig, localConfigFromEnv } from './lib/local-config'

const projectDir = path.resolve(__dirname, '..')
const dataDir = path.join(projectDir, 'data')

/** A session secret kept in data/ so sessions survive restarts of the demo server. */
function demoSessionSecret(): string {
  const file = path.join(dataDir, 'dev-session-secret')
  fs.mkdirSync(dataDir, { recursive: true })
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  return fs.readFileSync(file, 'utf8').trim()
}

function lanAddress(): string {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return '127.0.0.1'
}

async function main(): Promise<void> {
  // DevTools (or a phone on the LAN) reaches this demo server through the ignored local config.
  const demoPort = process.env.PORT ?? '3000'
  const serverUrl = process.env.MP_SERVER_URL ?? `http://${lanAddress()}:${demoPort}`
  // Without WeChat credentials the server is in dev mode and accepts only `dev:<openid>` codes, so
  // DevTools signs in as the demo shopper; with them, wx.login's real code is used as in production.
  const devMode = !process.env.WECHAT_APPID?.trim() || !process.env.WECHAT_APPSECRET?.trim()
  ensureLocalConfig(projectDir, process.env, {
    ...localConfigFromEnv(process.env),
    serverUrl,
    ...(devMode ? { devLoginCode: DEMO_SHOPPER_LOGIN_CODE } : {}),
  })
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: projectDir, stdio: 'inherit' })
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? 'signal'})`)
  }

  const env: NodeJS.ProcessEnv = { ...process.env }
  const placeholders: string[] = []
  env.DATABASE_URL ??= `file:${path.join(dataDir, 'storefront.sqlite')}`
  env.SESSION_SECRET ??= demoSessionSecret()
  if (env.ZEGO_APP_ID === undefined || env.ZEGO_SERVER_SECRET === undefined) {
    env.ZEGO_APP_ID ??= '1739272706'
    env.ZEGO_SERVER_SECRET ??= '0'.repeat(32)
    placeholders.push('ZEGO_APP_ID/ZEGO_SERVER_SECRET are placeholders: tokens are well-formed but ZEGO will reject them')
  }

  const server = await startServer(env, { seedDemo: true })
  const port = new URL(server.url).port
  const lines = [
    '',
    `Merchant server: ${server.url}   (API docs: ${server.url}/docs, health: ${server.url}/healthz)`,
    `Database: ${server.config.databaseUrl}`,
    ...(server.config.wechat === null ? ['', `!!! ${DEV_MODE_NOTICE}`, `    Demo sign-in codes: "dev:${DEMO_ANCHOR_OPENID}" (anchor of ${DEMO_ROOM_ID}), "dev:${DEMO_ADMIN_OPENID}" (admin), "dev:<anything>" (shopper)`] : []),
    ...placeholders.map((p) => `!!! ${p}`),
    '',
    `Merchant console: ${server.url}/admin`,
    `  Demo console accounts: ${DEMO_STAFF.map((s) => `"${s.name}" (${s.role})`).join(', ')}, password "${DEMO_STAFF_PASSWORD}"`,
    '  (npm run server:staff -- create <name> <admin|operator> makes real ones)',
    '',
    'Open the mini-program in WeChat DevTools:',
    `  1. Import project → directory ${projectDir} (project.config.json; the built package is in dist/).`,
    `  2. miniprogram/config-local.ts (ignored by git) now points the mini-program at ${serverUrl}${port === new URL(serverUrl).port ? '' : ` (the server listens on port ${port}: set MP_SERVER_URL to match)`}; recompile in DevTools if it was open.`,
    ...(devMode
      ? [`     It also signs in as the demo shopper ("${DEMO_SHOPPER_LOGIN_CODE}"): this dev-mode server accepts no wx.login code. upload/preview refuse while it is set: delete the file, or rewrite it with MP_SERVER_URL=… npm run local-config.`]
      : []),
    '  3. Details → Local settings → tick "Do not verify valid domain names…" (不校验合法域名) for http:// during development.',
    '',
  ]
  console.log(lines.join('\n'))
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err instanceof Error ? `start failed: ${err.message}` : err)
  process.exit(1)
})
