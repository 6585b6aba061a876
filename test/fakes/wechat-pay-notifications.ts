/**
 * Builds WeChat Pay notifications as WeChat Pay sends them (reference §5.1, §7.3): the resource
 * AES-256-GCM-encrypted with the APIv3 key (16-byte tag appended), the envelope signed over
 * `timestamp\nnonce\nbody\n` with the WeChat Pay key under its `Wechatpay-Serial`. Options spoil
 * one thing at a time, for the rejection tests.
 */
import { createCipheriv, randomBytes, sign } from 'node:crypto'

export type NotificationKind = 'transaction' | 'refund'

export interface NotificationOptions {
  /** Default TRANSACTION.SUCCESS / REFUND.SUCCESS. */
  eventType?: string
  id?: string
  /** Unix seconds in Wechatpay-Timestamp; default the fake's clock. */
  timestamp?: number
  /** Which WeChat Pay key signs: the public key (default) or the platform certificate's. */
  signWith?: 'public-key' | 'platform-cert'
  /** Sends this Wechatpay-Serial instead of the signing key's. */
  serial?: string
  /** A `WECHATPAY/SIGNTEST/…` probe signature. */
  signTest?: boolean
  /** Alters the body after it was signed. */
  tamperBody?: boolean
  /** Encrypts with this key instead of the merchant's APIv3 key. */
  apiV3Key?: string
  /** Flips one byte of the ciphertext (after encryption, before signing). */
  flipCiphertextByte?: boolean
  associatedData?: string
}

export interface BuiltNotification {
  headers: Record<string, string>
  body: string
}

export interface NotificationSigner {
  apiV3Key: string
  nowSeconds: () => number
  keyFor: (which: 'public-key' | 'platform-cert') => { id: string; privateKeyPem: string }
}

export function encryptResource(plaintext: string, apiV3Key: string, nonce: string, aad: string): string {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'))
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64')
}

export function signMessage(message: string, privateKeyPem: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKeyPem).toString('base64')
}

export function buildNotification(signer: NotificationSigner, kind: NotificationKind, resource: Record<string, unknown>, options: NotificationOptions = {}): BuiltNotification {
  const nonce = randomBytes(6).toString('hex')
  const aad = options.associatedData ?? kind
  let ciphertext = encryptResource(JSON.stringify(resource), options.apiV3Key ?? signer.apiV3Key, nonce, aad)
  if (options.flipCiphertextByte === true) {
    const bytes = Buffer.from(ciphertext, 'base64')
    bytes[0] = (bytes[0] ?? 0) ^ 0x01
    ciphertext = bytes.toString('base64')
  }
  const eventType = options.eventType ?? (kind === 'transaction' ? 'TRANSACTION.SUCCESS' : 'REFUND.SUCCESS')
  const envelope = {
    id: options.id ?? `EV-${randomBytes(8).toString('hex')}`,
    create_time: new Date(signer.nowSeconds() * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: kind === 'transaction' ? '支付成功' : '退款状态改变通知',
    resource: { original_type: kind, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
  }
  const body = JSON.stringify(envelope)
  const timestamp = String(options.timestamp ?? signer.nowSeconds())
  const headerNonce = randomBytes(16).toString('hex')
  const key = signer.keyFor(options.signWith ?? 'public-key')
  const signature = options.signTest === true ? `WECHATPAY/SIGNTEST/${randomBytes(32).toString('base64')}` : signMessage(`${timestamp}\n${headerNonce}\n${body}\n`, key.privateKeyPem)
  return {
    headers: {
      'content-type': 'application/json',
      'wechatpay-serial': options.serial ?? key.id,
      'wechatpay-signature': signature,
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body: options.tamperBody === true ? body.replace('"summary":"', '"summary":"x') : body,
  }
}
