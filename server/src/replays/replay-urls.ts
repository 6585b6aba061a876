/**
 * The URL a shopper plays a recorded file from: the file's path in the bucket, on the configured
 * download origin (the bucket's own domain or a CDN in front of it). When that CDN checks URLs
 * ("type A" authentication, as Aliyun's `auth_key` and Tencent's `sign`), the URL is signed here
 * with the generation time; it stays valid for the TTL the CDN console sets, which
 * ZEGO_RECORD_URL_TTL_SECONDS must match. The page asks again when playback fails on an old one.
 */
import { createHash } from 'node:crypto'
import type { PlayUrlAuth } from './recording-config'

export interface PlayUrl {
  url: string
  /** Unix seconds; null when the URL does not expire. */
  expiresAt: number | null
}

/** The object path of a file URL ZEGO reported, or null when it is not a URL. */
export function objectPath(fileUrl: string): string | null {
  try {
    const parsed = new URL(fileUrl)
    return parsed.pathname === '/' ? null : parsed.pathname
  } catch {
    return null
  }
}

export function typeASignature(auth: PlayUrlAuth, path: string, timestamp: number, rand: string, uid = '0'): string {
  const hash = createHash('md5').update(`${path}-${timestamp}-${rand}-${uid}-${auth.key}`).digest('hex')
  return `${timestamp}-${rand}-${uid}-${hash}`
}

export function playUrl(downloadOrigin: string, fileUrl: string, auth: PlayUrlAuth | null, nowSeconds: number, rand: string): PlayUrl | null {
  const path = objectPath(fileUrl)
  if (path === null) return null
  const url = `${downloadOrigin}${path}`
  if (auth === null) return { url, expiresAt: null }
  return { url: `${url}?${auth.param}=${typeASignature(auth, path, nowSeconds, rand)}`, expiresAt: nowSeconds + auth.ttlSeconds }
}
