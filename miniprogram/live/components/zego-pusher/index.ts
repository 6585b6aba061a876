/**
 * The anchor's stream, in either mode of config.zegoComponentMode: native <live-pusher> driven by
 * the SDK's URL, or the 即构直播助手 plugin's <zego-pusher>. Pages bind the look (mute, beauty,
 * mirror); the service drives start/stop through the handle so the SDK is always told first.
 * Every statechange / netstatus goes to the SDK with this stream's ID (streamBehavior).
 */
import { config } from '../../../config'
import { zegoLive, type PusherHandle } from '../../services/zego/index'
import { livePusherContext } from '../../../services/wx-live'
import { streamBehavior, streamDriver } from '../stream-behavior'

/** The control surface both modes share: LivePusherContext and the plugin component's methods. */
type PusherTarget = ZegoComponents.PluginPusher

Component({
  behaviors: [streamBehavior],
  properties: {
    muted: { type: Boolean, value: false },
    beauty: { type: Number, value: 0 },
    whiteness: { type: Number, value: 0 },
    mirror: { type: Boolean, value: false },
  },
  lifetimes: {
    attached(): void {
      const find = (): PusherTarget | null =>
        config.zegoComponentMode === 'plugin' ? (this.selectComponent('#zego-plugin-pusher') as unknown as PusherTarget | null) : livePusherContext()
      const driver = streamDriver(this, find, (pusher) => pusher.start(), () => zegoLive.detachPusher(handle))
      const handle: PusherHandle = {
        startPreview: () => driver.target()?.startPreview(),
        start: driver.start,
        restart: driver.restart,
        stop: driver.stop,
        switchCamera: () => driver.target()?.switchCamera(),
      }
      zegoLive.attachPusher(handle)
    },
  },
  methods: {
    onError(e: WechatMiniprogram.CustomEvent<{ errCode: number }>): void {
      zegoLive.pusherError(e.detail.errCode)
    },
  },
})
