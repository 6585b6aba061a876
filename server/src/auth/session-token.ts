/**
 * Stateless session tokens: `v1.<payload>.<hmac>` signed with SESSION_SECRET. Only the user ID
 * and expiry are inside; the role is read from the database per request so a role change applies
 * at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SESSION_TTL_SECONDS = 7 * 24 * 3600

interface SessionPayload {
  sub: string
  exp: number
}

const sign = (secret: string, data: string): string => createHmac('sha256', secret).update(data).digest('base64url')

export function issueSessionToken(secret: string, userId: string, nowSeconds: number): string {
  const payload: SessionPayload = { sub: userId, exp: nowSeconds + SESSION_TTL_SECONDS }
  const data = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${data}.${sign(secret, data)}`
}

/** The user ID of a valid, unexpired token, or null. */
export function verifySessionToken(secret: string, token: string, nowSeconds: number): string | null {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== 'v1') return null
  const data = `${parts[0]}.${parts[1]}`
  const expected = Buffer.from(sign(secret, data))
  const given = Buffer.from(parts[2] ?? '')
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Partial<SessionPayload>
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return null
    return payload.sub
  } catch {
    return null
  }
}
