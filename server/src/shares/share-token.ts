/**
 * Share tokens: `s1.<payload>.<hmac>` carried by a share card, naming the sharer, the room or goods
 * shared and when. Signed with SESSION_SECRET under a prefix of their own, so a share token is
 * never a session token (those start `v1.`) and cannot be forged or edited.
 */
import { issueSignedToken, readSignedToken, type TokenKind } from '../auth/signed-token'

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

const SHARE: TokenKind = { version: 's1', context: 'share-token:' }

export function issueShareToken(secret: string, payload: SharePayload): string {
  return issueSignedToken(secret, SHARE, payload)
}

/** The payload of a genuine, unexpired token, or null for anything else. */
export function verifyShareToken(secret: string, token: string, nowSeconds: number): SharePayload | null {
  const p = readSignedToken(secret, SHARE, token) as Partial<SharePayload> | null
  if (p === null || typeof p.u !== 'string' || typeof p.iat !== 'number' || p.iat > nowSeconds + 300 || p.iat + SHARE_TOKEN_TTL_SECONDS < nowSeconds) return null
  if ((p.r !== undefined && typeof p.r !== 'string') || (p.g !== undefined && typeof p.g !== 'string') || (p.w !== undefined && !Number.isSafeInteger(p.w))) return null
  return { u: p.u, iat: p.iat, ...(p.r === undefined ? {} : { r: p.r }), ...(p.g === undefined ? {} : { g: p.g }), ...(p.w === undefined ? {} : { w: p.w }) }
}
