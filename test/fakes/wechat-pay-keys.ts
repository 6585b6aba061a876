/**
 * Keys for WeChat Pay tests, generated per test file and never written to the repository: the
 * merchant's API key pair, the WeChat Pay public key (`PUB_KEY_ID_…` mode) and a platform key with,
 * when `openssl` is on the machine, a self-signed X.509 certificate for the platform-cert mode
 * (Node 20 can parse certificates but not create them).
 */
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface RsaPair {
  privateKeyPem: string
  publicKeyPem: string
}

export interface WechatPayTestKeys {
  mchId: string
  appId: string
  apiV3Key: string
  merchant: RsaPair & { serial: string }
  /** The WeChat Pay public key and its ID. */
  wechatPay: RsaPair & { publicKeyId: string }
  /** The platform certificate's key; `certPem` null when openssl is not available. */
  platform: RsaPair & { serial: string; certPem: string | null }
}

export const TEST_MCHID = '1900000109'
export const TEST_APPID = 'wx0123456789abcdef'

export function rsaPair(): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

const hexSerial = (): string => randomBytes(20).toString('hex').toUpperCase().replace(/^0/, '1')

export function generateWechatPayKeys(): WechatPayTestKeys {
  const platform = rsaPair()
  const platformSerial = hexSerial()
  return {
    mchId: TEST_MCHID,
    appId: TEST_APPID,
    apiV3Key: randomBytes(16).toString('hex'),
    merchant: { ...rsaPair(), serial: hexSerial() },
    wechatPay: { ...rsaPair(), publicKeyId: `PUB_KEY_ID_0119${randomBytes(12).toString('hex').toUpperCase()}` },
    platform: { ...platform, serial: platformSerial, certPem: selfSignedCert(platform.privateKeyPem, platformSerial) },
  }
}

export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A self-signed certificate over `privateKeyPem` with the given serial, or null without openssl. */
export function selfSignedCert(privateKeyPem: string, serialHex: string): string | null {
  if (!opensslAvailable()) return null
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wechatpay-cert-'))
  try {
    const keyFile = path.join(dir, 'key.pem')
    const certFile = path.join(dir, 'cert.pem')
    writeFileSync(keyFile, privateKeyPem, { mode: 0o600 })
    execFileSync('openssl', ['req', '-x509', '-new', '-key', keyFile, '-subj', '/CN=Tenpay.com Root CA test', '-days', '30', '-set_serial', `0x${serialHex}`, '-out', certFile], {
      stdio: 'ignore',
    })
    return readFileSync(certFile, 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The WECHATPAY_* environment for these keys: public-key mode, plus platform-cert mode with `both`. */
export function wechatPayEnv(keys: WechatPayTestKeys, apiBase: string, options: { both?: boolean } = {}): Record<string, string> {
  const env: Record<string, string> = {
    WECHAT_APPID: keys.appId,
    WECHATPAY_MCHID: keys.mchId,
    WECHATPAY_MERCHANT_SERIAL: keys.merchant.serial,
    WECHATPAY_MERCHANT_PRIVATE_KEY: keys.merchant.privateKeyPem,
    WECHATPAY_APIV3_KEY: keys.apiV3Key,
    WECHATPAY_PUBLIC_KEY_ID: keys.wechatPay.publicKeyId,
    WECHATPAY_PUBLIC_KEY: keys.wechatPay.publicKeyPem,
    WECHATPAY_API_BASE: apiBase,
    PUBLIC_BASE_URL: 'https://shop.example.com',
  }
  if (options.both === true) {
    env.WECHATPAY_PLATFORM_CERT_SERIAL = keys.platform.serial
    env.WECHATPAY_PLATFORM_CERT = keys.platform.certPem ?? keys.platform.publicKeyPem
  }
  return env
}
