/**
 * The one token format the server signs: `<version>.<base64url JSON payload>.<HMAC-SHA256>`.
 * Each kind of token has its own version prefix and signing context, so a token of one kind is
 * never accepted as another; what the payload must hold is for each kind to check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export interface TokenKind {
  /** First part of the token, e.g. `v1` (sessions) or `s1` (share cards). */
  version: string
  /** Mixed into the HMAC input ('' for none), so two kinds never share a signature. */
  context: string
}

const sign = (secret: string, kind: TokenKind, data: string): string => createHmac('sha256', secret).update(`${kind.context}${data}`).digest('base64url')

export function issueSignedToken(secret: string, kind: TokenKind, payload: object): string {
  const data = `${kind.version}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${data}.${sign(secret, kind, data)}`
}

/** The parsed payload of a token of this kind with a genuine signature, or null for anything else. */
export function readSignedToken(secret: string, kind: TokenKind, token: string): unknown {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== kind.version) return null
  const data = `${parts[0]}.${parts[1]}`
  const expected = Buffer.from(sign(secret, kind, data))
  const given = Buffer.from(parts[2] ?? '')
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'))
    return typeof payload === 'object' && payload !== null ? payload : null
  } catch {
    return null
  }
}
