/**
 * Typed surface of WeChat's live-player-plugin (provider wx2b03c6e691cd7370) as documented in its
 * component-api page (reference: wechat-live-platform.md §2.3–2.5). Only
 * wxlive/services/live-plugin.ts calls requirePlugin; everything else imports these types.
 */
declare namespace LivePlayerPlugin {
  /** 101 live, 102 not started, 103 ended, 104 banned, 105 paused, 106 abnormal, 107 expired. */
  type LiveStatus = 101 | 102 | 103 | 104 | 105 | 106 | 107

  /** First call answers at once; poll no faster than once a minute. */
  interface LiveStatusResult {
    liveStatus: LiveStatus
  }

  /** Only available in share-card scenes 1007, 1008, 1044, 1154 and 1155; rejects elsewhere. */
  interface ShareParamsResult {
    openid: string
    share_openid: string
    room_id: number
    custom_params: Record<string, unknown> | string
  }

  /** Plugin 1.3.0+. The doc names the fields but not their types: `is_subscribe` may be a flag or 0/1. */
  interface SubscribeStatusResult {
    openid: string
    room_id: number
    is_subscribe: boolean | number
  }

  /**
   * How the plugin rejects is not documented (the reference gives no client error codes); seen in
   * the wild: WeChat-style `{ errMsg, errCode }` objects, e.g. `operateWXData:fail 100002`.
   */
  interface PluginError {
    errMsg?: string
    errCode?: number
  }

  interface Plugin {
    getLiveStatus(options: { room_id: number }): Promise<LiveStatusResult>
    getShareParams(): Promise<ShareParamsResult>
    /** room_id must be an integer: an array gives operateWXData:fail 100002. */
    getOpenid(options: { room_id: number }): Promise<{ openid: string }>
    getSubscribeStatus(options: { room_id: number }): Promise<SubscribeStatusResult>
  }
}
