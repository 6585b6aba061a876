/**
 * Verifies a WeChat Pay notification over the exact raw body, then decrypts it (reference §5):
 * headers present → SIGNTEST probe refused → key chosen by `Wechatpay-Serial` → timestamp within
 * 5 minutes of our clock → RSA-SHA256 over `timestamp\nnonce\nbody\n` → envelope → AES-256-GCM.
 * Nothing in the body is read before the signature holds. Every failure throws NotificationRejected,
 * which the notify route answers 4xx so WeChat Pay retries (a probe must never get 200).
 */
import { createDecipheriv, type KeyObject } from 'node:crypto'
import { Formatter, Rsa } from 'wechatpay-axios-plugin'
import { NotificationRejected, type VerifiedNotification } from './payment-gateway'
import { parseJsonObject, refundFrom, transactionFrom } from './wechatpay-resources'

export const MAX_NOTIFICATION_SKEW_SECONDS = 300
const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/'
const GCM_TAG_BYTES = 16

export interface NotificationVerifier {
  apiV3Key: Buffer
  /** Verification keys by `Wechatpay-Serial`: the `PUB_KEY_ID_…` and/or the platform certificate serial. */
  keys: ReadonlyMap<string, KeyObject>
  nowMs: () => number
}

type Headers = Record<string, string | string[] | undefined>

function header(headers: Headers, name: string): string {
  const wanted = name.toLowerCase()
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)
  const value = entry?.[1]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new NotificationRejected('malformed', `${name} header ${Array.isArray(value) ? 'repeated' : 'missing'}`)
  }
  return value.trim()
}

export function verifyNotification(verifier: NotificationVerifier, headers: Headers, rawBody: string): VerifiedNotification {
  const signature = header(headers, 'Wechatpay-Signature')
  const serial = header(headers, 'Wechatpay-Serial')
  const timestamp = header(headers, 'Wechatpay-Timestamp')
  const nonce = header(headers, 'Wechatpay-Nonce')

  if (signature.startsWith(SIGNTEST_PREFIX)) throw new NotificationRejected('signature', 'signature probe (WECHATPAY/SIGNTEST/)')
  const key = verifier.keys.get(serial)
  if (key === undefined) throw new NotificationRejected('serial', `unknown Wechatpay-Serial ${serial.slice(0, 80)}`)
  if (!/^\d{1,12}$/.test(timestamp)) throw new NotificationRejected('malformed', 'Wechatpay-Timestamp is not Unix seconds')
  const skew = Math.abs(Math.floor(verifier.nowMs() / 1000) - Number(timestamp))
  if (skew > MAX_NOTIFICATION_SKEW_SECONDS) throw new NotificationRejected('timestamp', `Wechatpay-Timestamp is ${skew} s off (at most ${MAX_NOTIFICATION_SKEW_SECONDS})`)
  let signed = false
  try {
    signed = Rsa.verify(Formatter.response(timestamp, nonce, rawBody), signature, key)
  } catch {
    signed = false
  }
  if (!signed) throw new NotificationRejected('signature', 'Wechatpay-Signature does not verify over the body')

  const envelope = parseJsonObject(rawBody)
  const resource = envelope?.resource
  if (
    envelope === null ||
    typeof envelope.id !== 'string' ||
    envelope.id === '' ||
    typeof envelope.event_type !== 'string' ||
    typeof resource !== 'object' ||
    resource === null ||
    Array.isArray(resource)
  ) {
    throw new NotificationRejected('malformed', 'not a notification envelope {id, event_type, resource}')
  }
  const { algorithm, ciphertext, nonce: iv, associated_data: aad = '', original_type: originalType } = resource as Record<string, unknown>
  if (algorithm !== 'AEAD_AES_256_GCM' || typeof ciphertext !== 'string' || typeof iv !== 'string' || iv === '' || typeof aad !== 'string') {
    throw new NotificationRejected('malformed', 'resource is not AEAD_AES_256_GCM {ciphertext, nonce, associated_data}')
  }
  const plain = parseJsonObject(decrypt(verifier.apiV3Key, ciphertext, iv, aad))
  if (plain === null) throw new NotificationRejected('malformed', 'decrypted resource is not a JSON object')

  const { id, event_type: eventType } = envelope
  if (eventType === 'TRANSACTION.SUCCESS' && (originalType === undefined || originalType === 'transaction')) {
    const transaction = transactionFrom(plain)
    if (transaction === null) throw new NotificationRejected('malformed', 'decrypted transaction lacks appid, mchid, out_trade_no, trade_state, transaction_id or amount.total')
    return { id, eventType, kind: 'transaction', transaction }
  }
  if (eventType.startsWith('REFUND.') && (originalType === undefined || originalType === 'refund')) {
    const refund = refundFrom(plain)
    if (refund === null) throw new NotificationRejected('malformed', 'decrypted refund lacks out_refund_no, out_trade_no, refund_status or amount.refund')
    return { id, eventType, kind: 'refund', refund }
  }
  throw new NotificationRejected('malformed', `unexpected event_type ${eventType.slice(0, 64)} (${String(originalType).slice(0, 32)})`)
}

/**
 * AES-256-GCM with the tag length pinned to 16 bytes, so a shortened tag cannot pass; `final()` is
 * where Node checks the tag, so it is always called (a decrypt without it returns altered plaintext).
 */
function decrypt(apiV3Key: Buffer, ciphertextB64: string, iv: string, aad: string): string {
  const data = Buffer.from(ciphertextB64, 'base64')
  if (data.length <= GCM_TAG_BYTES) throw new NotificationRejected('decrypt', 'ciphertext shorter than its authentication tag')
  try {
    const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(iv, 'utf8'), { authTagLength: GCM_TAG_BYTES })
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES))
    return Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    throw new NotificationRejected('decrypt', 'resource does not decrypt with the APIv3 key (wrong key or altered ciphertext)')
  }
}
