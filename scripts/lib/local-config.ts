/**
 * A developer's own settings for the mini-program (server URL, ZEGO AppID and servers) live in
 * miniprogram/config-local.ts, which git ignores, so pointing DevTools at one's own server edits
 * no tracked file. It is written from the environment at build time when any MP_* variable is set,
 * created with the project's defaults when missing, and kept as it is otherwise. Only `npm start`
 * adds a dev sign-in code (the MP_* variables cannot), and upload/preview refuse a file that has one.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface LocalConfig {
  serverUrl?: string
  zegoAppId?: number
  zegoServer?: string
  zegoLogUrl?: string
  /** Local demo only: the dev-mode sign-in code (`dev:<openid>`) used instead of wx.login's. */
  devLoginCode?: string
}

/** Environment variables read at build time, and the setting each fills. */
export const LOCAL_CONFIG_ENV = {
  MP_SERVER_URL: 'serverUrl',
  MP_ZEGO_APP_ID: 'zegoAppId',
  MP_ZEGO_SERVER: 'zegoServer',
  MP_ZEGO_LOG_URL: 'zegoLogUrl',
} as const

export const LOCAL_CONFIG_FILE = path.join('miniprogram', 'config-local.ts')

/** The settings the environment names; throws naming the variable when one is malformed. */
export function localConfigFromEnv(env: Record<string, string | undefined>): LocalConfig | null {
  const out: LocalConfig = {}
  let any = false
  for (const [name, key] of Object.entries(LOCAL_CONFIG_ENV)) {
    const raw = env[name]?.trim()
    if (!raw) continue
    any = true
    if (key === 'zegoAppId') {
      if (!/^\d{1,10}$/.test(raw) || Number(raw) > 0xffffffff) throw new Error(`${name} must be the ZEGO AppID (an integer), got "${raw}"`)
      out.zegoAppId = Number(raw)
    } else {
      const scheme = key === 'zegoServer' ? /^wss?:\/\/[^\s/]+/ : /^https?:\/\/[^\s/]+/
      if (!scheme.test(raw)) throw new Error(`${name} must be a ${key === 'zegoServer' ? 'ws(s)' : 'http(s)'} URL, got "${raw}"`)
      out[key] = raw.replace(/\/+$/, '')
    }
  }
  return any ? out : null
}

export function renderLocalConfig(values: LocalConfig): string {
  return [
    '// Written by scripts/lib/local-config.ts (npm start, or a build with MP_* variables set).',
    '// Ignored by git: your own server URL and ZEGO settings; unset keys use miniprogram/config.ts.',
    "import type { LocalConfig } from './config'",
    '',
    `export const localConfig: LocalConfig = ${JSON.stringify(values, null, 2)}`,
    '',
  ].join('\n')
}

/** Writes the local file from `values`, or from the environment, or creates an empty one if missing. */
export function ensureLocalConfig(projectDir: string, env: Record<string, string | undefined>, values?: LocalConfig): string {
  const file = path.join(projectDir, LOCAL_CONFIG_FILE)
  const wanted = values ?? localConfigFromEnv(env)
  if (wanted !== null) fs.writeFileSync(file, renderLocalConfig(wanted))
  else if (!fs.existsSync(file)) fs.writeFileSync(file, renderLocalConfig({}))
  return file
}

/** The shopper `npm start` signs DevTools in as against its dev-mode demo server. */
export const DEMO_SHOPPER_LOGIN_CODE = 'dev:demo-shopper'

/**
 * Whether the local file holds a dev sign-in code (as written, or hand-edited in any spelling), so
 * a package meant for WeChat's servers is never built with one.
 */
export function localConfigHasDevLogin(projectDir: string): boolean {
  const file = path.join(projectDir, LOCAL_CONFIG_FILE)
  return fs.existsSync(file) && /devLoginCode/.test(fs.readFileSync(file, 'utf8'))
}
