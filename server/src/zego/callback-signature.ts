/**
 * ZEGO signs each server callback as sha1 of the lexicographically sorted concatenation of the
 * CallbackSecret, the timestamp and the nonce (zego-platform.md §7).
 */
import crypto from 'node:crypto'

export function zegoCallbackSignature(callbackSecret: string, timestamp: string, nonce: string): string {
  const joined = [callbackSecret, timestamp, nonce].sort().join('')
  return crypto.createHash('sha1').update(joined).digest('hex')
}

/** Constant-time comparison: the signature is the only thing standing between the route and anyone. */
export function zegoCallbackSignatureValid(callbackSecret: string, timestamp: string, nonce: string, signature: string): boolean {
  const expected = Buffer.from(zegoCallbackSignature(callbackSecret, timestamp, nonce), 'utf8')
  const given = Buffer.from(signature.toLowerCase(), 'utf8')
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
}
