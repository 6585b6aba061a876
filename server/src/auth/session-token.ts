/**
 * Stateless session tokens: `v1.<payload>.<hmac>` signed with SESSION_SECRET. Only the user ID
 * and expiry are inside; the role is read from the database per request so a role change applies
 * at once.
 */
import { issueSignedToken, readSignedToken, type TokenKind } from './signed-token'

export const SESSION_TTL_SECONDS = 7 * 24 * 3600

interface SessionPayload {
  sub: string
  exp: number
}

const SESSION: TokenKind = { version: 'v1', context: '' }

export function issueSessionToken(secret: string, userId: string, nowSeconds: number): string {
  const payload: SessionPayload = { sub: userId, exp: nowSeconds + SESSION_TTL_SECONDS }
  return issueSignedToken(secret, SESSION, payload)
}

/** The user ID of a valid, unexpired token, or null. */
export function verifySessionToken(secret: string, token: string, nowSeconds: number): string | null {
  const payload = readSignedToken(secret, SESSION, token) as Partial<SessionPayload> | null
  if (payload === null || typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return null
  return payload.sub
}
