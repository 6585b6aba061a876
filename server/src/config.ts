/**
 * Configuration comes from the environment only and is validated once at start: every missing or
 * malformed value is reported together, each with its own message, so one failed start fixes all.
 */
import { storageConfig, type StorageConfig } from './storage/storage-config'
import path from 'node:path'
import { wechatPayConfig, type WechatPayConfig } from './payments/wechatpay-config'
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy'
import { recordingConfig, type RecordingConfig } from './replays/recording-config'

export interface WechatCredentials {
  appId: string
  appSecret: string
}

/** WeChat subscription-message template for "the room you asked about is live" and its field keys. */
export interface LiveReminderTemplate {
  templateId: string
  /** Keys of the template's keywords (chosen in the MP console), e.g. `thing1` and `time2`. */
  fields: { title: string; start: string }
}

export interface Config {
  port: number
  host: string
  databaseUrl: string
  redisUrl: string | null
  /** null = dev mode: no WeChat credentials, `dev:<openid>` sign-in codes are accepted. */
  wechat: WechatCredentials | null
  wechatApiBase: string
  wechatLiveDailyBudget: number
  /** Upstream HTTP timeout for WeChat calls, milliseconds. */
  wechatTimeoutMs: number
  /** null: WECHAT_LIVE_TEMPLATE_ID is not set and the reminder routes answer 503. */
  liveReminders: LiveReminderTemplate | null
  /**
   * callbackSecret null: ZEGO's server callbacks are not configured and their route answers 503.
   * apiBase/apiTimeoutMs: ZEGO's server REST API (live comments are delivered through it).
   */
  zego: { appId: number; serverSecret: string; tokenTtlSeconds: number; callbackSecret: string | null; apiBase: string; apiTimeoutMs: number }
  /**
   * Online counts from ZEGO's DescribeUserNum: served from the cache for freshSeconds, kept to
   * show with their age for keepSeconds, at most callsPerSecond calls in any second over all instances.
   */
  onlineCounts: { freshSeconds: number; keepSeconds: number; callsPerSecond: number }
  sessionSecret: string
  logLevel: string
  /** Minutes a shopper has to pay before an unpaid order closes and its stock returns. */
  orderPayMinutes: number
  /** Per minute: sign-ins per client IP, tokens and comments per signed-in user; the benchmark raises them. */
  rateLimits: { loginPerMinute: number; zegoTokenPerMinute: number; commentsPerMinute: number; likesPerMinute: number; staffSignInPerMinute: number }
  /** Messages to ZEGO rooms a second for the whole deployment (likes announcements and comment batches); ZEGO allows 100 per AppID. */
  zegoCommandsPerSecond: number
  /** Where console uploads (goods and cover images) are kept on disk and served from /uploads/. */
  uploadDir: string
  /** Object storage for uploads when S3_BUCKET is set, else the local disk (UPLOAD_DIR). */
  storage: StorageConfig
  /** null: no WECHATPAY_* set, payments go through the local simulator (dev mode). */
  wechatPay: WechatPayConfig | null
  /** Proxies whose X-Forwarded-For names the client (server/src/http/trust-proxy.ts); false = none. */
  trustProxy: TrustProxy
  /** The merchant's Channels (视频号) ID, `sph…` from 视频号助手; null: the room list shows no Channels live. */
  channelsFinderUserName: string | null
  /** Which build the room codes open (WECHAT_CODE_ENV_VERSION): release, or trial / develop before the first release. */
  wechatCodeEnvVersion: 'release' | 'trial' | 'develop'
  /** null: no ZEGO_RECORD_* set, live rooms are not recorded and have no replays (replays/recording-config.ts). */
  recording: RecordingConfig | null
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export type Env = Record<string, string | undefined>

export const DEFAULT_DATABASE_URL = `file:${path.join('data', 'storefront.sqlite')}`

export function loadConfig(env: Env): Config {
  const problems: string[] = []
  const value = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const integer = (name: string, fallback: number | undefined, min: number, max: number): number => {
    const raw = value(name)
    if (raw === undefined) {
      if (fallback === undefined) problems.push(`${name} is required (an integer from ${min} to ${max})`)
      return fallback ?? 0
    }
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
      return fallback ?? 0
    }
    return Number(raw)
  }

  const port = integer('PORT', 3000, 0, 65535)

  const databaseUrl = value('DATABASE_URL') ?? DEFAULT_DATABASE_URL
  if (!/^(postgres|postgresql):\/\//.test(databaseUrl) && !databaseUrl.startsWith('file:')) {
    problems.push(`DATABASE_URL must be "file:<path>" (SQLite) or "postgres://…", got "${databaseUrl.split(':')[0]}:…"`)
  }

  const redisUrl = value('REDIS_URL') ?? null
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://')

  const appId = value('WECHAT_APPID')
  const appSecret = value('WECHAT_APPSECRET')
  if ((appId === undefined) !== (appSecret === undefined)) {
    problems.push('WECHAT_APPID and WECHAT_APPSECRET must be set together (or both left unset for dev mode)')
  }
  if (appId !== undefined && !/^wx[0-9a-f]{16}$/i.test(appId)) problems.push('WECHAT_APPID must look like wx followed by 16 hex digits')

  const wechatApiBase = (value('WECHAT_API_BASE') ?? 'https://api.weixin.qq.com').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(wechatApiBase)) problems.push('WECHAT_API_BASE must be an http(s) URL')

  const liveReminders = liveReminderTemplate(value('WECHAT_LIVE_TEMPLATE_ID'), value('WECHAT_LIVE_TEMPLATE_FIELDS'), problems)

  const zegoAppId = integer('ZEGO_APP_ID', undefined, 1, 0xffffffff)
  const serverSecret = value('ZEGO_SERVER_SECRET')
  if (serverSecret === undefined) problems.push('ZEGO_SERVER_SECRET is required (exactly 32 characters, from the ZEGO console)')
  else if (serverSecret.length !== 32) problems.push(`ZEGO_SERVER_SECRET must be exactly 32 characters, got ${serverSecret.length}`)
  const tokenTtlSeconds = integer('ZEGO_TOKEN_TTL', 3600, 60, 86400 * 30)
  const callbackSecret = value('ZEGO_CALLBACK_SECRET') ?? null
  if (callbackSecret !== null && callbackSecret.length < 16) problems.push('ZEGO_CALLBACK_SECRET must be the CallbackSecret from the ZEGO console (at least 16 characters)')

  const zegoApiBase = (value('ZEGO_API_BASE') ?? 'https://rtc-api.zego.im').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(zegoApiBase)) problems.push('ZEGO_API_BASE must be an http(s) URL')
  const zegoApiTimeoutMs = integer('ZEGO_TIMEOUT_MS', 5000, 100, 60000)
  // ZEGO allows DescribeUserNum 10 calls a second (1 in its test environment); 8 leaves room for clock skew.
  const userNumPerSecond = integer('ZEGO_USER_NUM_PER_SECOND', 8, 1, 10)
  const onlineFreshSeconds = integer('ONLINE_COUNT_CACHE_SECONDS', 10, 1, 300)

  const sessionSecret = value('SESSION_SECRET')
  if (sessionSecret === undefined) problems.push('SESSION_SECRET is required (at least 32 characters)')
  else if (sessionSecret.length < 32) problems.push('SESSION_SECRET must be at least 32 characters')

  const wechatLiveDailyBudget = integer('WECHAT_LIVE_DAILY_BUDGET', 300, 10, 100000)
  const wechatTimeoutMs = integer('WECHAT_TIMEOUT_MS', 5000, 100, 60000)
  const loginPerMinute = integer('RATE_LIMIT_LOGIN_PER_MINUTE', 20, 1, 10_000_000)
  const zegoTokenPerMinute = integer('RATE_LIMIT_ZEGO_TOKEN_PER_MINUTE', 60, 1, 10_000_000)
  const commentsPerMinute = integer('RATE_LIMIT_COMMENTS_PER_MINUTE', 10, 1, 10_000_000)
  // A client sends at most one batch a second; the rest is room for retries.
  const likesPerMinute = integer('RATE_LIMIT_LIKES_PER_MINUTE', 90, 1, 10_000_000)
  // ZEGO's documented 100/s per AppID (10/s on a test environment), less headroom for instances
  // whose clocks disagree on where a second starts.
  const zegoCommandsPerSecond = integer('ZEGO_COMMANDS_PER_SECOND', 80, 1, 100)
  const staffSignInPerMinute = integer('RATE_LIMIT_STAFF_SIGNIN_PER_MINUTE', 10, 1, 10_000_000)
  const wechatPay = wechatPayConfig(env, appId, problems)

  const orderPayMinutes = integer('ORDER_PAY_MINUTES', 15, 1, 1440)

  const trustProxy = parseTrustProxy(value('TRUST_PROXY'), problems)
  const recording = recordingConfig(env, problems)
  // The recording callback is verified with the same CallbackSecret as ZEGO's other callbacks.
  if (recording !== null && callbackSecret === null) problems.push('ZEGO_CALLBACK_SECRET is required with cloud recording (its status callback is signed with it)')

  // WeChat answers 1416100 for an ID with stray characters, so it is checked here, once.
  const channelsFinderUserName = value('CHANNELS_FINDER_USERNAME') ?? null
  if (channelsFinderUserName !== null && !/^sph[0-9A-Za-z]{1,60}$/.test(channelsFinderUserName)) {
    problems.push('CHANNELS_FINDER_USERNAME must be the Channels ID from 视频号助手 (sph followed by letters and digits)')
  }
  const codeEnv = value('WECHAT_CODE_ENV_VERSION') ?? 'release'
  if (codeEnv !== 'release' && codeEnv !== 'trial' && codeEnv !== 'develop') problems.push(`WECHAT_CODE_ENV_VERSION must be release, trial or develop, got "${codeEnv}"`)
  const uploadDir = value('UPLOAD_DIR') ?? path.join('data', 'uploads')
  const storage = storageConfig(env, uploadDir, problems)

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    port,
    host: value('HOST') ?? '0.0.0.0',
    databaseUrl,
    redisUrl,
    wechat: appId !== undefined && appSecret !== undefined ? { appId, appSecret } : null,
    wechatApiBase,
    wechatLiveDailyBudget,
    wechatTimeoutMs,
    liveReminders,
    zego: { appId: zegoAppId, serverSecret: serverSecret ?? '', tokenTtlSeconds, callbackSecret, apiBase: zegoApiBase, apiTimeoutMs: zegoApiTimeoutMs },
    onlineCounts: { freshSeconds: onlineFreshSeconds, keepSeconds: Math.max(120, onlineFreshSeconds * 4), callsPerSecond: userNumPerSecond },
    sessionSecret: sessionSecret ?? '',
    logLevel: value('LOG_LEVEL') ?? 'info',
    orderPayMinutes,
    rateLimits: { loginPerMinute, zegoTokenPerMinute, commentsPerMinute, likesPerMinute, staffSignInPerMinute },
    zegoCommandsPerSecond,
    uploadDir,
    storage,
    wechatPay,
    trustProxy,
    channelsFinderUserName,
    wechatCodeEnvVersion: codeEnv === 'trial' || codeEnv === 'develop' ? codeEnv : 'release',
    recording,
  }
}

/** A template keyword key as the MP console names them: a type then a number (`thing1`, `time2`, `character_string3`). */
const TEMPLATE_KEY = /^[a-z_]+\d+$/

/**
 * WECHAT_LIVE_TEMPLATE_FIELDS is `title:<key>,start:<key>`. The keys are required with a template:
 * a wrong key makes WeChat refuse every message, which would only show in the logs.
 */
function liveReminderTemplate(templateId: string | undefined, fieldsRaw: string | undefined, problems: string[]): LiveReminderTemplate | null {
  if (templateId === undefined) {
    if (fieldsRaw !== undefined) problems.push('WECHAT_LIVE_TEMPLATE_FIELDS is set without WECHAT_LIVE_TEMPLATE_ID')
    return null
  }
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(templateId)) problems.push('WECHAT_LIVE_TEMPLATE_ID must be the template ID from the MP console ([A-Za-z0-9_-])')
  const usage = 'WECHAT_LIVE_TEMPLATE_FIELDS must be "title:<key>,start:<key>" with keys such as thing1 / time2'
  if (fieldsRaw === undefined) {
    problems.push(`${usage} (required with WECHAT_LIVE_TEMPLATE_ID)`)
    return null
  }
  const fields: Partial<Record<'title' | 'start', string>> = {}
  for (const pair of fieldsRaw.split(',')) {
    const [name, key, ...rest] = pair.trim().split(':')
    if ((name !== 'title' && name !== 'start') || key === undefined || rest.length > 0 || fields[name] !== undefined) {
      problems.push(`${usage}, got "${fieldsRaw}"`)
      return null
    }
    if (!TEMPLATE_KEY.test(key)) {
      problems.push(`WECHAT_LIVE_TEMPLATE_FIELDS: "${key}" is not a template key (lower-case type then a number, e.g. thing1)`)
      return null
    }
    fields[name] = key
  }
  if (fields.title === undefined || fields.start === undefined) {
    problems.push(`${usage}, got "${fieldsRaw}"`)
    return null
  }
  return { templateId, fields: { title: fields.title, start: fields.start } }
}
