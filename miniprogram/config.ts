/**
 * Public configuration of the mini-program. Everything here ships inside the package, so it must
 * never hold a secret: tokens come from the merchant server, which alone knows the ZEGO secret.
 * A developer's server URL and ZEGO settings come from config-local.ts (ignored by git; written
 * by `npm start` or from MP_* variables at build time), so DevTools needs no edit of this file.
 */
import { localConfig } from './config-local'

export type ZegoComponentMode = 'plugin' | 'native'

export interface AppConfig {
  /** Base URL of the merchant server (must be whitelisted as a request domain). */
  readonly serverUrl: string
  /** ZEGO project appID (public). */
  readonly zegoAppId: number
  /** ZEGO signalling server from the ZEGO console (whitelisted as a socket domain). */
  readonly zegoServer: string
  /** ZEGO log upload URL from the ZEGO console (its origin is a request domain). */
  readonly zegoLogUrl: string
  /**
   * How streams are rendered: `plugin` uses ZEGO's 即构直播助手 plugin components (required for
   * the 电商平台 category), `native` uses live-pusher / live-player with SDK URLs.
   */
  readonly zegoComponentMode: ZegoComponentMode
  /**
   * The one-time subscription template (MP console → 订阅消息) the server sends when a room a
   * shopper asked about goes live; the same ID as the server's WECHAT_LIVE_TEMPLATE_ID. Empty: the
   * room list offers no 开播提醒.
   */
  readonly liveReminderTemplateId: string
  /**
   * Local demo only (`npm start` writes it to config-local.ts; upload/preview refuse a package
   * that holds it): a dev-mode server accepts only `dev:<openid>` sign-in codes, so DevTools signs
   * in with this instead of wx.login's code. Empty: wx.login, as in every real build.
   */
  readonly devLoginCode: string
}

/** What a developer's own ignored config-local.ts may set (scripts/lib/local-config.ts writes it). */
export type LocalConfig = Partial<Pick<AppConfig, 'serverUrl' | 'zegoAppId' | 'zegoServer' | 'zegoLogUrl' | 'devLoginCode'>>

const defaults: AppConfig = {
  serverUrl: 'https://api.example-merchant.com',
  zegoAppId: 1739272706,
  zegoServer: 'wss://wssliveroom-api.zego.im/ws',
  zegoLogUrl: 'https://weblogger-wss.zego.im/httplog',
  zegoComponentMode: 'native',
  liveReminderTemplateId: '',
  devLoginCode: '',
}

// Object.assign, not spread: WeChat's compiler turns a spread into a Babel helper the package lacks.
export const config: AppConfig = Object.assign({}, defaults, localConfig)
