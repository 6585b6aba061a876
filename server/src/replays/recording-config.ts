/**
 * ZEGO cloud recording (replays of our own rooms) from the environment, all or none. Recordings go
 * to the merchant's own bucket, whose key travels to ZEGO with every StartRecord, so the key
 * should be one limited to that bucket. Without the storage variables recording is off, and
 * /healthz says so; a half-configured storage fails the start naming what is missing.
 */
import type { Env } from '../config'

/** ZEGO's StorageParams.Vendor codes for the stores whose callbacks carry a file URL (Kodo and the VODs do not). */
export const STORAGE_VENDORS = { s3: 1, oss: 2, cos: 3, obs: 7, gcs: 8, eos: 9, s3compatible: 10 } as const
export type StorageVendorName = keyof typeof STORAGE_VENDORS

export interface RecordingStorage {
  vendor: StorageVendorName
  region: string
  bucket: string
  accessKeyId: string
  accessKeySecret: string
  /** Only for `s3compatible` (ZEGO's EndPoint). */
  endpoint: string | null
  /** Folder in the bucket, ending in `/`. */
  folder: string
}

/** CDN "type A" URL authentication (Aliyun `auth_key`, Tencent `sign`): play URLs expire and are signed by the server. */
export interface PlayUrlAuth {
  key: string
  param: string
  ttlSeconds: number
}

export interface RecordingConfig {
  apiBase: string
  storage: RecordingStorage
  /** The https origin shoppers download the files from (the bucket's domain or a CDN in front of it). */
  downloadOrigin: string
  urlAuth: PlayUrlAuth | null
  /**
   * How long ZEGO keeps a task going with no stream in the room (MaxIdleTime, 5–86400 s; ZEGO's
   * default 30 s ends the recording when an anchor backgrounds the app for half a minute).
   */
  maxIdleSeconds: number
  /** Where ZEGO posts the recording status (RecordOutputParams.CallbackUrl); null: the console's address. */
  callbackUrl: string | null
}

const REQUIRED = ['ZEGO_RECORD_STORAGE_VENDOR', 'ZEGO_RECORD_STORAGE_BUCKET', 'ZEGO_RECORD_STORAGE_ACCESS_KEY_ID', 'ZEGO_RECORD_STORAGE_ACCESS_KEY_SECRET', 'ZEGO_RECORD_DOWNLOAD_ORIGIN'] as const

export const RECORDING_OFF_NOTICE = `replays are off: set ${REQUIRED.join(', ')} (and ZEGO_RECORD_STORAGE_REGION) to record live rooms with ZEGO cloud recording`

export function recordingConfig(env: Env, problems: string[]): RecordingConfig | null {
  const value = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const configured = Object.keys(env).some((name) => name.startsWith('ZEGO_RECORD_') && value(name) !== undefined)
  if (!configured) return null
  const before = problems.length
  for (const name of REQUIRED) if (value(name) === undefined) problems.push(`${name} is required with cloud recording (any ZEGO_RECORD_* variable turns it on)`)

  const vendorName = value('ZEGO_RECORD_STORAGE_VENDOR') ?? ''
  const vendor = Object.prototype.hasOwnProperty.call(STORAGE_VENDORS, vendorName) ? (vendorName as StorageVendorName) : null
  if (vendorName !== '' && vendor === null) problems.push(`ZEGO_RECORD_STORAGE_VENDOR must be one of ${Object.keys(STORAGE_VENDORS).join(', ')}, got "${vendorName}"`)
  const region = value('ZEGO_RECORD_STORAGE_REGION') ?? ''
  if (region === '' && vendor !== 'gcs') problems.push('ZEGO_RECORD_STORAGE_REGION is required for this storage vendor')
  const endpoint = value('ZEGO_RECORD_STORAGE_ENDPOINT') ?? null
  if (vendor === 's3compatible' && endpoint === null) problems.push('ZEGO_RECORD_STORAGE_ENDPOINT is required with ZEGO_RECORD_STORAGE_VENDOR=s3compatible')

  const downloadOrigin = value('ZEGO_RECORD_DOWNLOAD_ORIGIN') ?? ''
  let origin = ''
  if (downloadOrigin !== '') {
    try {
      const parsed = new URL(downloadOrigin)
      if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1')) throw new Error('scheme')
      origin = parsed.origin
    } catch {
      problems.push('ZEGO_RECORD_DOWNLOAD_ORIGIN must be an https origin such as https://replays.example.com (the mini-program plays only https)')
    }
  }

  const folder = (value('ZEGO_RECORD_STORAGE_FOLDER') ?? 'replays/').replace(/^\/+/, '')
  if (!/^[A-Za-z0-9_\-/]{0,200}$/.test(folder)) problems.push('ZEGO_RECORD_STORAGE_FOLDER may hold letters, digits, _ - and /')

  const apiBase = (value('ZEGO_RECORD_API_BASE') ?? 'https://cloudrecord-api.zego.im').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(apiBase)) problems.push('ZEGO_RECORD_API_BASE must be an http(s) URL')

  const maxIdleRaw = value('ZEGO_RECORD_MAX_IDLE_SECONDS') ?? '300'
  const maxIdleSeconds = Number(maxIdleRaw)
  if (!/^\d+$/.test(maxIdleRaw) || maxIdleSeconds < 5 || maxIdleSeconds > 86400) problems.push(`ZEGO_RECORD_MAX_IDLE_SECONDS must be an integer from 5 to 86400, got "${maxIdleRaw}"`)

  const callbackUrl = value('ZEGO_RECORD_CALLBACK_URL') ?? null
  if (callbackUrl !== null && !/^https?:\/\/[^/]+/.test(callbackUrl)) problems.push('ZEGO_RECORD_CALLBACK_URL must be the public http(s) URL of /api/zego/record-callback')

  let urlAuth: PlayUrlAuth | null = null
  const authKey = value('ZEGO_RECORD_URL_AUTH_KEY')
  if (authKey !== undefined) {
    const param = value('ZEGO_RECORD_URL_AUTH_PARAM') ?? 'auth_key'
    const ttlRaw = value('ZEGO_RECORD_URL_TTL_SECONDS') ?? '3600'
    if (!/^[A-Za-z_]{1,32}$/.test(param)) problems.push('ZEGO_RECORD_URL_AUTH_PARAM must be a query parameter name such as auth_key or sign')
    if (!/^\d+$/.test(ttlRaw) || Number(ttlRaw) < 60 || Number(ttlRaw) > 86400 * 7) problems.push('ZEGO_RECORD_URL_TTL_SECONDS must be an integer from 60 to 604800')
    if (authKey.length < 16) problems.push('ZEGO_RECORD_URL_AUTH_KEY must be the CDN URL-auth key (at least 16 characters)')
    urlAuth = { key: authKey, param, ttlSeconds: Number(ttlRaw) }
  }

  if (problems.length > before || vendor === null) return null
  return {
    apiBase,
    storage: {
      vendor,
      region,
      bucket: value('ZEGO_RECORD_STORAGE_BUCKET') ?? '',
      accessKeyId: value('ZEGO_RECORD_STORAGE_ACCESS_KEY_ID') ?? '',
      accessKeySecret: value('ZEGO_RECORD_STORAGE_ACCESS_KEY_SECRET') ?? '',
      endpoint,
      folder: folder === '' || folder.endsWith('/') ? folder : `${folder}/`,
    },
    downloadOrigin: origin,
    urlAuth,
    maxIdleSeconds,
    callbackUrl,
  }
}
