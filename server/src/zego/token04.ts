/**
 * ZEGO Token04 in the current (GCM) format, byte for byte as ZEGO's reference generators make it:
 *
 *   "04" + base64( expire:int64BE | 0x000C:uint16BE | nonce[12] | len:uint16BE | ciphertext+tag[len] | 0x01 )
 *
 * The plaintext is compact JSON `{app_id, user_id, nonce, ctime, expire, payload}` (the Node
 * reference's order); AES-256-GCM with the 32-character ServerSecret as raw key bytes, the 12-byte
 * nonce as IV and no AAD. Pure: the clock and randomness come from the caller, so tests can decode
 * and compare exact output.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto'

export const TOKEN04_VERSION = '04'
const GCM_NONCE_BYTES = 12
const GCM_TAG_BYTES = 16
const MODE_GCM = 1
export const MAX_USER_ID_BYTES = 64

export interface Token04Input {
  appId: number
  userId: string
  /** ZEGO ServerSecret: exactly 32 characters, used as the AES-256 key bytes. */
  secret: string
  effectiveTimeInSeconds: number
  /** Stringified privilege JSON, or "" for a basic token. */
  payload?: string
}

export interface Token04Environment {
  nowSeconds: number
  randomBytes: (size: number) => Buffer
}

export interface Token04Plaintext {
  app_id: number
  user_id: string
  nonce: number
  ctime: number
  expire: number
  payload: string
}

export class Token04InputError extends Error {
  constructor(
    readonly field: 'appId' | 'userId' | 'secret' | 'effectiveTimeInSeconds',
    message: string,
  ) {
    super(message)
    this.name = 'Token04InputError'
  }
}

export function generateToken04(input: Token04Input, env: Token04Environment): { token: string; expire: number } {
  const { appId, userId, secret, effectiveTimeInSeconds } = input
  if (!Number.isInteger(appId) || appId <= 0 || appId > 0xffffffff) throw new Token04InputError('appId', 'appId must be a uint32 other than 0')
  if (userId.length === 0) throw new Token04InputError('userId', 'userId must not be empty')
  if (Buffer.byteLength(userId, 'utf8') > MAX_USER_ID_BYTES) throw new Token04InputError('userId', `userId must be at most ${MAX_USER_ID_BYTES} bytes`)
  if (secret.length !== 32 || Buffer.byteLength(secret, 'utf8') !== 32) throw new Token04InputError('secret', 'secret must be 32 single-byte characters')
  if (!Number.isInteger(effectiveTimeInSeconds) || effectiveTimeInSeconds <= 0) {
    throw new Token04InputError('effectiveTimeInSeconds', 'effectiveTimeInSeconds must be a positive integer')
  }

  const ctime = Math.floor(env.nowSeconds)
  const expire = ctime + effectiveTimeInSeconds
  const plaintext: Token04Plaintext = {
    app_id: appId,
    user_id: userId,
    nonce: env.randomBytes(4).readInt32BE(0),
    ctime,
    expire,
    payload: input.payload ?? '',
  }

  const nonce = env.randomBytes(GCM_NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(secret, 'utf8'), nonce)
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(plaintext), 'utf8'), cipher.final(), cipher.getAuthTag()])

  const header = Buffer.alloc(8 + 2)
  header.writeBigInt64BE(BigInt(expire), 0)
  header.writeUInt16BE(nonce.length, 8)
  const cipherLength = Buffer.alloc(2)
  cipherLength.writeUInt16BE(encrypted.length, 0)
  const packed = Buffer.concat([header, nonce, cipherLength, encrypted, Buffer.from([MODE_GCM])])
  return { token: TOKEN04_VERSION + packed.toString('base64'), expire }
}

/** Inverse of generateToken04 for GCM tokens (as ZEGO's token checker unpacks them); used by tests and diagnostics. */
export function decodeToken04(token: string, secret: string): { expire: number; nonce: Buffer; mode: number; plaintext: Token04Plaintext } {
  if (!token.startsWith(TOKEN04_VERSION)) throw new Error('not a Token04')
  const buf = Buffer.from(token.slice(2), 'base64')
  const expire = Number(buf.readBigInt64BE(0))
  const nonceLength = buf.readUInt16BE(8)
  const nonce = buf.subarray(10, 10 + nonceLength)
  const cipherLength = buf.readUInt16BE(10 + nonceLength)
  const cipherStart = 12 + nonceLength
  const sealed = buf.subarray(cipherStart, cipherStart + cipherLength)
  const mode = buf.length > cipherStart + cipherLength ? (buf[cipherStart + cipherLength] ?? 0) : 0
  if (mode !== MODE_GCM) throw new Error(`unsupported Token04 mode ${mode}`)
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(secret, 'utf8'), nonce)
  decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES))
  const json = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)), decipher.final()]).toString('utf8')
  return { expire, nonce: Buffer.from(nonce), mode, plaintext: JSON.parse(json) as Token04Plaintext }
}
