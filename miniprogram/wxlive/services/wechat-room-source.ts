/**
 * What the wxlive room store asks of the outside world: live-player-plugin (status, reminder,
 * share params), opening the plugin's room page, and the sharer tokens of the share service. The
 * store is built with the runtime-backed source below; its tests hand it a fake one.
 */
import type { WechatLiveStatus } from '../../contract/wechat-live-status'
import { SHARE_TOKEN_QUERY } from '../../contract/share-rules'
import { wechatRoomEntryPath, type WechatRoomPreview } from '../../core/wechat-room-entry'
import { navigateTo } from '../../services/navigation'
import { enableShareTicket, knownShareToken, reportShareOpen, shareCard, shareTokenFor } from '../../services/share'
import { getLiveStatus, getShareCustomParams, getSubscribeStatus, SHARE_CARD_SCENES } from './live-plugin'

export interface WechatRoomSource {
  /** The room's status 101–107; rejects when the plugin cannot tell. */
  liveStatus(roomId: number): Promise<WechatLiveStatus>
  /** Whether the shopper's reminder is set, by the plugin's own answer; rejects when unknown. */
  subscribed(roomId: number): Promise<boolean>
  /** Opens the plugin's room page; rejects with why it did not open (e.g. the page stack is full). */
  openRoom(url: string): Promise<void>
  /** This viewer's sharer token for the room if already answered, else '' (and it is asked for). */
  knownShareToken(roomId: number): string
  /** Asks for the sharer token now, so that it is at hand when the plugin's room opens. */
  prepareShareToken(roomId: number): void
  /** Group cards from the page carry a shareTicket back. */
  enableShareTicket(): void
  /** Reports the share card the page was opened from, if its query names a sharer; never fails the page. */
  reportShareOpen(query: Record<string, string | undefined>): void
  /**
   * The sharer token a card shared from inside the plugin carried ('' when none). Resolves '' at
   * once outside the share-card scenes, where the plugin only rejects; rejects when it fails.
   */
  pluginShareToken(): Promise<string>
  /** Reports an open through a card shared from inside the plugin. */
  reportPluginShareOpen(token: string): void
  /** The page's own share card, with this viewer's sharer token once it is known. */
  shareCard(room: WechatRoomPreview): WechatMiniprogram.Page.IAsyncCustomShareContent
  /** Unix seconds now. */
  nowSeconds(): number
}

async function pluginShareToken(): Promise<string> {
  const scene = getApp<IAppOption>().globalData.entryScene
  if (scene === undefined || SHARE_CARD_SCENES.indexOf(scene) < 0) return ''
  const token = (await getShareCustomParams())[SHARE_TOKEN_QUERY]
  return typeof token === 'string' ? token : ''
}

export const pluginWechatRoomSource: WechatRoomSource = {
  liveStatus: getLiveStatus,
  subscribed: getSubscribeStatus,
  openRoom: navigateTo,
  knownShareToken: (roomId) => knownShareToken({ wechatRoomId: roomId }),
  prepareShareToken: (roomId) => void shareTokenFor({ wechatRoomId: roomId }),
  enableShareTicket,
  reportShareOpen: (query) => void reportShareOpen(query),
  pluginShareToken,
  reportPluginShareOpen: (token) => void reportShareOpen({ [SHARE_TOKEN_QUERY]: token }, 'plugin'),
  shareCard: (room) =>
    shareCard({ title: room.name || '微信直播间', path: wechatRoomEntryPath(room), imageUrl: room.cover || undefined }, { wechatRoomId: room.roomId }),
  nowSeconds: () => Math.floor(Date.now() / 1000),
}
