/**
 * Public configuration of the mini-program. Everything here ships inside the package, so it must
 * never hold a secret: tokens come from the merchant server, which alone knows the ZEGO secret.
 */
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
}

export const config: AppConfig = {
  serverUrl: 'https://api.example-merchant.com',
  zegoAppId: 1739272706,
  zegoServer: 'wss://wssliveroom-api.zego.im/ws',
  zegoLogUrl: 'https://weblogger-wss.zego.im/httplog',
  zegoComponentMode: 'native',
  liveReminderTemplateId: '',
}
