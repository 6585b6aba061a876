/**
 * Share cards that credit their sharer. A page asks the server for a signed sharer token when it
 * loads (shareTokenFor) and puts it in the card's path (`st`); whoever opens the card reports it
 * (reportShareOpen) and the server records the open for the sharer, which later orders credit.
 * Nothing here fails a page: a share without a token still shares, an unreported open is lost.
 */
import { call } from './api'
import { SHARE_TOKEN_QUERY, type ShareChannel } from '../contract/share-rules'
import type { ShareOpenRequest, ShareOpenResponse } from '../contract/share-schemas'

export interface ShareTarget {
  roomId?: string
  goodsId?: string
  wechatRoomId?: number
}

const tokens = new Map<string, Promise<string>>()
/** Tokens already answered, for callers that must not wait (entering a room). */
const known = new Map<string, string>()

const keyOf = (target: ShareTarget): string => JSON.stringify([target.roomId, target.goodsId, target.wechatRoomId])

/** The token if the server has answered already, else '' (and it is asked for). */
export function knownShareToken(target: ShareTarget): string {
  void shareTokenFor(target)
  return known.get(keyOf(target)) ?? ''
}

/** The signed-in user's token for a target, asked once per target; '' when the server gave none. */
export function shareTokenFor(target: ShareTarget): Promise<string> {
  const key = keyOf(target)
  let token = tokens.get(key)
  if (!token) {
    token = call<{ shareToken: string }>('POST', '/api/shares', target).then(
      (r) => {
        const token = typeof r.shareToken === 'string' ? r.shareToken : ''
        known.set(key, token)
        return token
      },
      () => {
        tokens.delete(key)
        return ''
      },
    )
    tokens.set(key, token)
  }
  return token
}

/** Tokens are the signed-in user's: forgotten when another user may sign in (and between tests). */
export function forgetShareTokens(): void {
  tokens.clear()
  known.clear()
}

export function withShareToken(path: string, token: string): string {
  return token ? `${path}${path.indexOf('?') >= 0 ? '&' : '?'}${SHARE_TOKEN_QUERY}=${encodeURIComponent(token)}` : path
}

/**
 * A card's content at once with the token when it is known, otherwise with a promise WeChat waits
 * for (up to 3 s, base library 2.12.0+) before it falls back to the card without it.
 */
export function shareCard(content: WechatMiniprogram.Page.ICustomShareContent, target: ShareTarget): WechatMiniprogram.Page.IAsyncCustomShareContent {
  const path = content.path ?? ''
  return { ...content, promise: shareTokenFor(target).then((token) => ({ ...content, path: withShareToken(path, token) })) }
}

/** Group-card entries: the app keeps the shareTicket WeChat hands over in them (app.ts). */
function entryChannel(): ShareChannel {
  return getApp<IAppOption>().globalData.shareTicket ? 'group' : 'chat'
}

/** The opener of a card that carries `st` tells the server; the sharer's own open is not counted there. */
export function reportShareOpen(query: Record<string, string | undefined>, channel: ShareChannel = entryChannel()): Promise<ShareOpenResponse | null> {
  const raw = query[SHARE_TOKEN_QUERY]
  if (!raw) return Promise.resolve(null)
  let shareToken = raw
  try {
    shareToken = decodeURIComponent(raw)
  } catch {
    // WeChat may hand over the value decoded already.
  }
  const body: ShareOpenRequest = { shareToken, channel }
  return call<ShareOpenResponse>('POST', '/api/share-opens', body).catch(() => null)
}

/** Group cards from this page carry a shareTicket back (wx.showShareMenu, from the page's onLoad). */
export function enableShareTicket(): void {
  wx.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] })
}
