/**
 * WeChat Pay APIv3 credentials from the environment, all or none. Keys are parsed here, at start,
 * so a truncated PEM or a wrong file fails the start with its variable named instead of failing
 * the first payment. Two verification keys may be configured at once: during a platform
 * certificate → WeChat Pay public key migration WeChat Pay signs with either, named by
 * `Wechatpay-Serial` (docs/server.md, "WeChat Pay").
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Env } from '../config'

export interface WechatPayVerificationKey {
  /** `PUB_KEY_ID_…` or the platform certificate's serial, as `Wechatpay-Serial` names it. */
  id: string
  kind: 'public-key' | 'platform-cert'
  key: KeyObject
}

export interface WechatPayConfig {
  /** The mini-program's appid (WECHAT_APPID), bound to the merchant ID. */
  appId: string
  mchId: string
  merchantSerial: string
  merchantPrivateKey: KeyObject
  /** The 32-byte APIv3 key that decrypts notifications. */
  apiV3Key: Buffer
  /** One or two keys, never the merchant's own serial. */
  verificationKeys: WechatPayVerificationKey[]
  apiBase: string
  notifyUrl: string
  refundNotifyUrl: string
  timeoutMs: number
}

export const WECHATPAY_DEFAULT_API_BASE = 'https://api.mch.weixin.qq.com'
export const NOTIFY_PATH = '/api/wechatpay/notify'
export const REFUND_NOTIFY_PATH = '/api/wechatpay/refund-notify'

const MAX_NOTIFY_URL_LENGTH = 255
const HEX_SERIAL = /^[0-9A-Fa-f]{8,64}$/

/**
 * WeChat Pay is configured as soon as any WECHATPAY_* variable is set; from then on every required
 * value must be there, each missing one reported on its own line. Nothing secret is echoed.
 */
export function wechatPayConfig(env: Env, appId: string | undefined, problems: string[]): WechatPayConfig | null {
  const value = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const configured = Object.keys(env).some((name) => name.startsWith('WECHATPAY_') && value(name) !== undefined)
  if (!configured) return null
  const before = problems.length
  const required = (name: string, what: string): string | undefined => {
    const v = value(name)
    if (v === undefined) problems.push(`${name} is required with WeChat Pay (${what})`)
    return v
  }

  if (appId === undefined) problems.push('WECHAT_APPID is required with WeChat Pay (the mini-program appid bound to the merchant ID)')

  const mchId = required('WECHATPAY_MCHID', 'the merchant ID, digits')
  if (mchId !== undefined && !/^\d{6,32}$/.test(mchId)) problems.push('WECHATPAY_MCHID must be the merchant ID (digits only)')

  const merchantSerial = required('WECHATPAY_MERCHANT_SERIAL', 'the serial number of the merchant API certificate')
  if (merchantSerial !== undefined && !HEX_SERIAL.test(merchantSerial)) problems.push('WECHATPAY_MERCHANT_SERIAL must be the merchant certificate serial number (hex)')

  const privatePem = pemFrom(env, 'WECHATPAY_MERCHANT_PRIVATE_KEY', 'the merchant API private key, apiclient_key.pem', problems)
  const merchantPrivateKey = privatePem === undefined ? undefined : parseKey('WECHATPAY_MERCHANT_PRIVATE_KEY', () => createPrivateKey(privatePem), problems)

  const apiV3KeyText = required('WECHATPAY_APIV3_KEY', 'the APIv3 key set in the merchant console, 32 characters')
  if (apiV3KeyText !== undefined && (apiV3KeyText.length !== 32 || Buffer.byteLength(apiV3KeyText) !== 32)) {
    problems.push(`WECHATPAY_APIV3_KEY must be exactly 32 ASCII characters, got ${apiV3KeyText.length}`)
  }

  const verificationKeys = [...publicKeyMode(env, value, problems), ...platformCertMode(env, value, problems)]
  const anyVerification = ['WECHATPAY_PUBLIC_KEY_ID', 'WECHATPAY_PUBLIC_KEY', 'WECHATPAY_PUBLIC_KEY_PATH', 'WECHATPAY_PLATFORM_CERT_SERIAL', 'WECHATPAY_PLATFORM_CERT', 'WECHATPAY_PLATFORM_CERT_PATH'].some(
    (name) => value(name) !== undefined,
  )
  if (!anyVerification) {
    problems.push(
      'WECHATPAY_PUBLIC_KEY_ID with WECHATPAY_PUBLIC_KEY (or _PATH), and/or WECHATPAY_PLATFORM_CERT_SERIAL with WECHATPAY_PLATFORM_CERT (or _PATH), is required with WeChat Pay (the key that verifies WeChat Pay)',
    )
  }
  if (merchantSerial !== undefined && verificationKeys.some((k) => k.id.toUpperCase() === merchantSerial.toUpperCase())) {
    problems.push('WECHATPAY_MERCHANT_SERIAL must differ from the WeChat Pay key ID / platform certificate serial (the merchant serial names our own key)')
  }

  const apiBase = (value('WECHATPAY_API_BASE') ?? WECHATPAY_DEFAULT_API_BASE).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+$/.test(apiBase)) problems.push('WECHATPAY_API_BASE must be an http(s) origin such as https://api.mch.weixin.qq.com')

  const timeoutRaw = value('WECHATPAY_TIMEOUT_MS')
  const timeoutMs = timeoutRaw === undefined ? 10_000 : Number(timeoutRaw)
  if (timeoutRaw !== undefined && (!/^\d+$/.test(timeoutRaw) || timeoutMs < 100 || timeoutMs > 30_000)) {
    problems.push(`WECHATPAY_TIMEOUT_MS must be an integer from 100 to 30000, got "${timeoutRaw}"`)
  }

  const publicBase = notifyBase(required('PUBLIC_BASE_URL', 'the public https origin WeChat Pay sends notifications to'), problems)

  if (problems.length > before) return null
  if (appId === undefined || mchId === undefined || merchantSerial === undefined || merchantPrivateKey === undefined || apiV3KeyText === undefined || publicBase === undefined) {
    return null
  }
  return {
    appId,
    mchId,
    merchantSerial,
    merchantPrivateKey,
    apiV3Key: Buffer.from(apiV3KeyText, 'utf8'),
    verificationKeys,
    apiBase,
    notifyUrl: `${publicBase}${NOTIFY_PATH}`,
    refundNotifyUrl: `${publicBase}${REFUND_NOTIFY_PATH}`,
    timeoutMs,
  }
}

type ValueOf = (name: string) => string | undefined

function publicKeyMode(env: Env, value: ValueOf, problems: string[]): WechatPayVerificationKey[] {
  const id = value('WECHATPAY_PUBLIC_KEY_ID')
  const hasKey = value('WECHATPAY_PUBLIC_KEY') !== undefined || value('WECHATPAY_PUBLIC_KEY_PATH') !== undefined
  if (id === undefined && !hasKey) return []
  if (id === undefined) problems.push('WECHATPAY_PUBLIC_KEY_ID is required with WECHATPAY_PUBLIC_KEY (the ID PUB_KEY_ID_… shown next to the key)')
  else if (!/^PUB_KEY_ID_[0-9A-Za-z]{1,64}$/.test(id)) problems.push('WECHATPAY_PUBLIC_KEY_ID must look like PUB_KEY_ID_ followed by letters and digits')
  const pem = pemFrom(env, 'WECHATPAY_PUBLIC_KEY', 'the WeChat Pay public key, pub_key.pem', problems)
  const key = pem === undefined ? undefined : parseKey('WECHATPAY_PUBLIC_KEY', () => createPublicKey(pem), problems)
  return id !== undefined && key !== undefined ? [{ id, kind: 'public-key', key }] : []
}

/**
 * The platform certificate is normally an X.509 PEM; its serial must be the one configured (a wrong
 * file would otherwise only show as every notification failing). A bare public key PEM is accepted
 * too, for a certificate whose key was exported on its own.
 */
function platformCertMode(env: Env, value: ValueOf, problems: string[]): WechatPayVerificationKey[] {
  const serial = value('WECHATPAY_PLATFORM_CERT_SERIAL')
  const hasCert = value('WECHATPAY_PLATFORM_CERT') !== undefined || value('WECHATPAY_PLATFORM_CERT_PATH') !== undefined
  if (serial === undefined && !hasCert) return []
  if (serial === undefined) problems.push('WECHATPAY_PLATFORM_CERT_SERIAL is required with WECHATPAY_PLATFORM_CERT (the platform certificate serial number)')
  else if (!HEX_SERIAL.test(serial)) problems.push('WECHATPAY_PLATFORM_CERT_SERIAL must be the platform certificate serial number (hex)')
  const pem = pemFrom(env, 'WECHATPAY_PLATFORM_CERT', 'the WeChat Pay platform certificate, PEM', problems)
  if (pem === undefined) return []
  const key = parseKey(
    'WECHATPAY_PLATFORM_CERT',
    () => {
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) return createPublicKey(pem)
      const cert = new X509Certificate(pem)
      if (serial !== undefined && HEX_SERIAL.test(serial) && normalSerial(cert.serialNumber) !== normalSerial(serial)) {
        problems.push(`WECHATPAY_PLATFORM_CERT is the certificate with serial ${cert.serialNumber}, not WECHATPAY_PLATFORM_CERT_SERIAL ${serial}`)
      }
      return cert.publicKey
    },
    problems,
  )
  return serial !== undefined && key !== undefined ? [{ id: serial, kind: 'platform-cert', key }] : []
}

function normalSerial(serial: string): string {
  return serial.toUpperCase().replace(/^0+/, '')
}

/**
 * A PEM from `NAME` (the text; `\n` escapes allowed, as env files often carry them) or from the file
 * at `NAME_PATH`; exactly one of the two.
 */
function pemFrom(env: Env, name: string, what: string, problems: string[]): string | undefined {
  const text = env[name]?.trim() || undefined
  const file = env[`${name}_PATH`]?.trim() || undefined
  if (text !== undefined && file !== undefined) {
    problems.push(`${name} and ${name}_PATH are both set; set only one`)
    return undefined
  }
  if (text !== undefined) return text.replace(/\\n/g, '\n')
  if (file === undefined) {
    problems.push(`${name} or ${name}_PATH is required with WeChat Pay (${what})`)
    return undefined
  }
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable'
    problems.push(`${name}_PATH: cannot read ${file} (${code})`)
    return undefined
  }
}

/** WeChat Pay keys are RSA; anything else (or a PEM that does not parse) is named with its variable. */
function parseKey(name: string, parse: () => KeyObject, problems: string[]): KeyObject | undefined {
  let key: KeyObject
  try {
    key = parse()
  } catch {
    problems.push(`${name} is not a valid PEM (${name.endsWith('CERT') ? 'X.509 certificate or public key' : name.endsWith('PRIVATE_KEY') ? 'PKCS#8 or PKCS#1 private key' : 'SPKI public key'})`)
    return undefined
  }
  if (key.asymmetricKeyType !== 'rsa') {
    problems.push(`${name} must be an RSA key, got ${key.asymmetricKeyType ?? 'unknown'}`)
    return undefined
  }
  return key
}

/** PUBLIC_BASE_URL: an https origin (a path prefix allowed), no query or fragment, short enough for notify_url. */
function notifyBase(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    problems.push(`PUBLIC_BASE_URL must be an https URL, got "${raw}"`)
    return undefined
  }
  if (url.protocol !== 'https:') {
    problems.push('PUBLIC_BASE_URL must use https (WeChat Pay only notifies https URLs)')
    return undefined
  }
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    problems.push('PUBLIC_BASE_URL must not carry a query or fragment (notify_url may not have one)')
    return undefined
  }
  if (url.username !== '' || url.password !== '') {
    problems.push('PUBLIC_BASE_URL must not carry credentials')
    return undefined
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '')
  const longest = `${base}${REFUND_NOTIFY_PATH}`
  if (longest.length > MAX_NOTIFY_URL_LENGTH) {
    problems.push(`PUBLIC_BASE_URL is too long: ${longest.length} characters for the refund notify_url, WeChat Pay allows ${MAX_NOTIFY_URL_LENGTH}`)
    return undefined
  }
  return base
}
