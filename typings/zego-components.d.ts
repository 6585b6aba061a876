/**
 * Events that the stream components deliver to pages. Both modes (ZEGO's 即构直播助手 plugin
 * components and native live-pusher / live-player) raise the same WeChat event shapes, which the
 * SDK consumes through updatePlayerState / updatePlayerNetStatus.
 */
declare namespace ZegoComponents {
  /** `bindstatechange` detail: a WeChat live component status code (e.g. 2004, -1307, -2301). */
  interface StateChangeDetail {
    code: number
    message?: string
  }

  /** `bindnetstatus` detail: sampled about once a second per stream. */
  interface NetStatusDetail {
    info: Record<string, number | string>
  }
}

declare namespace ZegoComponents {
  /** Methods of the 即构直播助手 plugin's <zego-pusher> (plugin://zego-e-commerce/zego-pusher). */
  interface PluginPusher {
    start(): void
    stop(): void
    startPreview(): void
    switchCamera(): void
  }

  /** Methods of the plugin's <zego-player> (plugin://zego-e-commerce/zego-player). */
  interface PluginPlayer {
    play(): void
    stop(): void
  }
}
