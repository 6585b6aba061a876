/**
 * Share tokens: `s1.<payload>.<hmac>` carried by a share card, naming the sharer, the room or goods
 * shared and when. Signed with SESSION_SECRET under a prefix of their own, so a share token is
 * never a session token (those start `v1.`) and cannot be forged or edited.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** A share card keeps crediting for this long. */
export const SHARE_TOKEN_TTL_SECONDS = 30 * 24 * 3600

export interface SharePayload {
  /** The sharer's user ID. */
  u: string
  r?: string
  g?: string
  /** A WeChat live room (its numeric ID), for a card shared from WeChat's live plugin. */
  w?: number
  /** Issued at, Unix seconds. */
  iat: number
}

const sign = (secret: string, data: string): string => createHmac('sha256', secret).update(`share-token:${data}`).digest('base64url')

export function issueShareToken(secret: string, payload: SharePayload): string {
  const data = `s1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${data}.${sign(secret, data)}`
}

/** The payload of a genuine, unexpired token, or null for anything else. */
export function verifyShareToken(secret: string, token: string, nowSeconds: number): SharePayload | null {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== 's1') return null
  const data = `${parts[0]}.${parts[1]}`
  const expected = Buffer.from(sign(secret, data))
  const given = Buffer.from(parts[2] ?? '')
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const p = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Partial<SharePayload>
    if (typeof p.u !== 'string' || typeof p.iat !== 'number' || p.iat > nowSeconds + 300 || p.iat + SHARE_TOKEN_TTL_SECONDS < nowSeconds) return null
    if ((p.r !== undefined && typeof p.r !== 'string') || (p.g !== undefined && typeof p.g !== 'string') || (p.w !== undefined && !Number.isSafeInteger(p.w))) return null
    return { u: p.u, iat: p.iat, ...(p.r === undefined ? {} : { r: p.r }), ...(p.g === undefined ? {} : { g: p.g }), ...(p.w === undefined ? {} : { w: p.w }) }
  } catch {
    return null
  }
}
