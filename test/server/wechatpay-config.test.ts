import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ConfigError, loadConfig, type Env } from '../../server/src/config'
import { wechatPayConfig } from '../../server/src/payments/wechatpay-config'
import { generateWechatPayKeys, opensslAvailable, wechatPayEnv, type WechatPayTestKeys } from '../fakes/wechat-pay-keys'

const base: Env = { ZEGO_APP_ID: '123', ZEGO_SERVER_SECRET: 'a'.repeat(32), SESSION_SECRET: 's'.repeat(32), WECHAT_APPSECRET: 'secret' }

let keys: WechatPayTestKeys
let dir: string

beforeAll(() => {
  keys = generateWechatPayKeys()
  dir = mkdtempSync(path.join(os.tmpdir(), 'wechatpay-config-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function full(): Env {
  return { ...base, ...wechatPayEnv(keys, 'https://api.mch.weixin.qq.com') }
}

function problemsOf(env: Env): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

function without(env: Env, ...names: string[]): Env {
  const copy = { ...env }
  for (const name of names) delete copy[name]
  return copy
}

describe('WeChat Pay configuration', () => {
  it('is null (the simulator) when no WECHATPAY_* is set', () => {
    expect(loadConfig({ ...base, WECHAT_APPID: keys.appId }).wechatPay).toBeNull()
  })

  it('parses the public-key mode with notify URLs under PUBLIC_BASE_URL', () => {
    const config = loadConfig({ ...full(), PUBLIC_BASE_URL: 'https://shop.example.com/store/' }).wechatPay
    expect(config).toMatchObject({
      appId: keys.appId,
      mchId: keys.mchId,
      merchantSerial: keys.merchant.serial,
      apiBase: 'https://api.mch.weixin.qq.com',
      notifyUrl: 'https://shop.example.com/store/api/wechatpay/notify',
      refundNotifyUrl: 'https://shop.example.com/store/api/wechatpay/refund-notify',
      timeoutMs: 10_000,
    })
    expect(config?.apiV3Key.equals(Buffer.from(keys.apiV3Key))).toBe(true)
    expect(config?.verificationKeys.map((k) => [k.id, k.kind])).toEqual([[keys.wechatPay.publicKeyId, 'public-key']])
    expect(config?.merchantPrivateKey.type).toBe('private')
  })

  it('takes both verification keys at once for a migration, and keys from files', () => {
    const privateFile = path.join(dir, 'apiclient_key.pem')
    const publicFile = path.join(dir, 'pub_key.pem')
    writeFileSync(privateFile, keys.merchant.privateKeyPem)
    writeFileSync(publicFile, keys.wechatPay.publicKeyPem)
    const env = without({ ...full(), ...wechatPayEnv(keys, 'http://127.0.0.1:9', { both: true }) }, 'WECHATPAY_MERCHANT_PRIVATE_KEY', 'WECHATPAY_PUBLIC_KEY')
    const config = loadConfig({ ...env, WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: privateFile, WECHATPAY_PUBLIC_KEY_PATH: publicFile }).wechatPay
    expect(config?.verificationKeys.map((k) => [k.id, k.kind])).toEqual([
      [keys.wechatPay.publicKeyId, 'public-key'],
      [keys.platform.serial, 'platform-cert'],
    ])
    expect(config?.apiBase).toBe('http://127.0.0.1:9')
  })

  it('accepts PEM text with \\n escapes, as env files carry it', () => {
    const escaped = keys.merchant.privateKeyPem.trim().replace(/\n/g, '\\n')
    expect(loadConfig({ ...full(), WECHATPAY_MERCHANT_PRIVATE_KEY: escaped }).wechatPay?.merchantPrivateKey.asymmetricKeyType).toBe('rsa')
  })

  it('names EACH missing value of a partial set', () => {
    const problems = problemsOf({ ...without(base, 'WECHAT_APPSECRET'), WECHATPAY_MCHID: keys.mchId })
    const text = problems.join('\n')
    expect(problems).toHaveLength(6)
    for (const name of ['WECHAT_APPID', 'WECHATPAY_MERCHANT_SERIAL', 'WECHATPAY_MERCHANT_PRIVATE_KEY or WECHATPAY_MERCHANT_PRIVATE_KEY_PATH', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_PUBLIC_KEY_ID with', 'PUBLIC_BASE_URL']) {
      expect(text).toContain(name)
    }
  })

  it.each([
    ['WECHATPAY_MCHID', /WECHATPAY_MCHID is required/],
    ['WECHATPAY_MERCHANT_SERIAL', /WECHATPAY_MERCHANT_SERIAL is required/],
    ['WECHATPAY_MERCHANT_PRIVATE_KEY', /WECHATPAY_MERCHANT_PRIVATE_KEY or WECHATPAY_MERCHANT_PRIVATE_KEY_PATH is required/],
    ['WECHATPAY_APIV3_KEY', /WECHATPAY_APIV3_KEY is required/],
    ['WECHATPAY_PUBLIC_KEY_ID', /WECHATPAY_PUBLIC_KEY_ID is required with WECHATPAY_PUBLIC_KEY/],
    ['WECHATPAY_PUBLIC_KEY', /WECHATPAY_PUBLIC_KEY or WECHATPAY_PUBLIC_KEY_PATH is required/],
    ['PUBLIC_BASE_URL', /PUBLIC_BASE_URL is required/],
    ['WECHAT_APPID', /WECHAT_APPID is required with WeChat Pay/],
  ])('reports a missing %s on its own', (name, message) => {
    const problems = problemsOf(without(full(), name)).filter((p) => !p.includes('WECHAT_APPSECRET'))
    expect(problems).toEqual([expect.stringMatching(message)])
  })

  it('asks for the platform certificate with its serial and the serial with its certificate', () => {
    expect(problemsOf({ ...full(), WECHATPAY_PLATFORM_CERT_SERIAL: keys.platform.serial })).toEqual([
      expect.stringMatching(/WECHATPAY_PLATFORM_CERT or WECHATPAY_PLATFORM_CERT_PATH is required/),
    ])
    expect(problemsOf({ ...full(), WECHATPAY_PLATFORM_CERT: keys.platform.publicKeyPem })).toEqual([expect.stringMatching(/WECHATPAY_PLATFORM_CERT_SERIAL is required/)])
  })

  const truncated = (pem: string): string => pem.slice(0, pem.length / 2)
  it.each<[string, () => Env, RegExp]>([
    ['a truncated private key', () => ({ WECHATPAY_MERCHANT_PRIVATE_KEY: truncated(keys.merchant.privateKeyPem) }), /WECHATPAY_MERCHANT_PRIVATE_KEY is not a valid PEM/],
    ['a public key as the private key', () => ({ WECHATPAY_MERCHANT_PRIVATE_KEY: keys.merchant.publicKeyPem }), /WECHATPAY_MERCHANT_PRIVATE_KEY is not a valid PEM/],
    ['a garbled WeChat Pay public key', () => ({ WECHATPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----' }), /WECHATPAY_PUBLIC_KEY is not a valid PEM/],
    ['an EC key', () => ({ WECHATPAY_PUBLIC_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString() }), /must be an RSA key, got ec/],
    ['a garbled platform certificate', () => ({ WECHATPAY_PLATFORM_CERT_SERIAL: keys.platform.serial, WECHATPAY_PLATFORM_CERT: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }), /WECHATPAY_PLATFORM_CERT is not a valid PEM/],
    ['an unreadable key file', () => ({ WECHATPAY_MERCHANT_PRIVATE_KEY: '', WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: path.join(dir, 'missing.pem') }), /WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: cannot read .*missing\.pem \(ENOENT\)/],
    ['both a key text and a key file', () => ({ WECHATPAY_PUBLIC_KEY_PATH: path.join(dir, 'x.pem') }), /WECHATPAY_PUBLIC_KEY and WECHATPAY_PUBLIC_KEY_PATH are both set/],
    ['an APIv3 key of 31 characters', () => ({ WECHATPAY_APIV3_KEY: 'k'.repeat(31) }), /WECHATPAY_APIV3_KEY must be exactly 32 ASCII characters, got 31/],
    ['an APIv3 key with non-ASCII characters', () => ({ WECHATPAY_APIV3_KEY: `${'k'.repeat(31)}密` }), /WECHATPAY_APIV3_KEY must be exactly 32 ASCII characters/],
    ['a non-numeric merchant ID', () => ({ WECHATPAY_MCHID: 'merchant' }), /WECHATPAY_MCHID must be the merchant ID/],
    ['a non-hex merchant serial', () => ({ WECHATPAY_MERCHANT_SERIAL: 'serial-number' }), /WECHATPAY_MERCHANT_SERIAL must be the merchant certificate serial/],
    ['a public key ID without its prefix', () => ({ WECHATPAY_PUBLIC_KEY_ID: '0114232134912410' }), /WECHATPAY_PUBLIC_KEY_ID must look like PUB_KEY_ID_/],
    ['a platform serial that is the merchant serial', () => ({ WECHATPAY_PLATFORM_CERT_SERIAL: keys.merchant.serial, WECHATPAY_PLATFORM_CERT: keys.platform.publicKeyPem }), /must differ/],
    ['an http PUBLIC_BASE_URL', () => ({ PUBLIC_BASE_URL: 'http://shop.example.com' }), /PUBLIC_BASE_URL must use https/],
    ['a PUBLIC_BASE_URL with a query', () => ({ PUBLIC_BASE_URL: 'https://shop.example.com/?a=1' }), /must not carry a query/],
    ['a PUBLIC_BASE_URL that is not a URL', () => ({ PUBLIC_BASE_URL: 'shop.example.com' }), /PUBLIC_BASE_URL must be an https URL/],
    ['a notify_url over 255 characters', () => ({ PUBLIC_BASE_URL: `https://shop.example.com/${'p'.repeat(203)}` }), /PUBLIC_BASE_URL is too long: 256 characters/],
    ['a WECHATPAY_API_BASE with a path', () => ({ WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com/v3' }), /WECHATPAY_API_BASE must be an http\(s\) origin/],
    ['a timeout out of range', () => ({ WECHATPAY_TIMEOUT_MS: '60000' }), /WECHATPAY_TIMEOUT_MS must be an integer from 100 to 30000/],
  ])('rejects %s with one message', (_label, override, message) => {
    const problems = problemsOf({ ...full(), ...override() })
    expect(problems).toEqual([expect.stringMatching(message)])
  })

  it('checks that the platform certificate is the one its serial names', () => {
    if (!opensslAvailable() || keys.platform.certPem === null) {
      // Without openssl no certificate can be made here; the bare-key form is covered above.
      expect(keys.platform.certPem).toBeNull()
      return
    }
    const env = { ...full(), WECHATPAY_PLATFORM_CERT: keys.platform.certPem }
    expect(loadConfig({ ...env, WECHATPAY_PLATFORM_CERT_SERIAL: keys.platform.serial.toLowerCase() }).wechatPay?.verificationKeys[1]?.kind).toBe('platform-cert')
    expect(problemsOf({ ...env, WECHATPAY_PLATFORM_CERT_SERIAL: 'ABCDEF0123456789' })).toEqual([
      expect.stringMatching(new RegExp(`WECHATPAY_PLATFORM_CERT is the certificate with serial ${keys.platform.serial}, not WECHATPAY_PLATFORM_CERT_SERIAL ABCDEF0123456789`)),
    ])
  })

  it('never echoes the APIv3 key or a private key in its messages', () => {
    const secret = `${'s3cr3t'.repeat(5)}x`
    const text = [...problemsOf({ ...full(), WECHATPAY_APIV3_KEY: secret }), ...problemsOf({ ...full(), WECHATPAY_MERCHANT_PRIVATE_KEY: truncated(keys.merchant.privateKeyPem) })].join('\n')
    expect(text).not.toContain(secret)
    expect(text).not.toContain(keys.merchant.privateKeyPem.split('\n')[1])
  })

  it('adds its problems to the ones already found, without returning a half config', () => {
    const problems = ['earlier problem']
    expect(wechatPayConfig({ WECHATPAY_MCHID: keys.mchId }, keys.appId, problems)).toBeNull()
    expect(problems[0]).toBe('earlier problem')
    expect(problems.length).toBeGreaterThan(1)
  })
})
