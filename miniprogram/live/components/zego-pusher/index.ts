/**
 * The anchor's stream, in either mode of config.zegoComponentMode: native <live-pusher> driven by
 * the SDK's URL, or the 即构直播助手 plugin's <zego-pusher>. Pages bind the look (mute, beauty,
 * mirror); the service drives start/stop through the handle so the SDK is always told first.
 * Every statechange / netstatus goes to the SDK with this stream's ID.
 */
import { config } from '../../../config'
import { zegoLive, type PusherHandle } from '../../services/zego/index'
import { livePusherContext } from '../../../services/wx-live'
import { AttachedHandles } from '../attached-handles'

/** The control surface both modes share: LivePusherContext and the plugin component's methods. */
type PusherTarget = ZegoComponents.PluginPusher

const attachedHandles = new AttachedHandles<PusherHandle>((handle) => zegoLive.detachPusher(handle))

Component({
  properties: {
    streamId: { type: String, value: '' },
    muted: { type: Boolean, value: false },
    beauty: { type: Number, value: 0 },
    whiteness: { type: Number, value: 0 },
    mirror: { type: Boolean, value: false },
  },
  data: {
    mode: config.zegoComponentMode,
    url: '',
  },
  lifetimes: {
    attached(): void {
      this.setData({ mode: config.zegoComponentMode })
      let alive = true
      const target = (): PusherTarget | null => {
        if (!alive) return null
        if (config.zegoComponentMode === 'plugin') return this.selectComponent('#zego-plugin-pusher') as unknown as PusherTarget | null
        return livePusherContext()
      }
      const startOn = (url: string): void => {
        this.setData({ url }, () => target()?.start())
      }
      const handle: PusherHandle = {
        startPreview: () => target()?.startPreview(),
        start: startOn,
        restart: (url) => {
          target()?.stop()
          startOn(url)
        },
        stop: () => {
          target()?.stop()
          if (alive) this.setData({ url: '' })
        },
        switchCamera: () => target()?.switchCamera(),
      }
      // A late setData callback must not touch a pusher that is gone.
      attachedHandles.keep(this, handle, () => (alive = false))
      zegoLive.attachPusher(handle)
    },
    detached(): void {
      attachedHandles.release(this)
    },
  },
  methods: {
    onStateChange(e: WechatMiniprogram.CustomEvent): void {
      zegoLive.forwardStateChange(this.data.streamId, e)
    },
    onNetStatus(e: WechatMiniprogram.CustomEvent): void {
      zegoLive.forwardNetStatus(this.data.streamId, e)
    },
    onError(e: WechatMiniprogram.CustomEvent<{ errCode: number }>): void {
      zegoLive.pusherError(e.detail.errCode)
    },
  },
})
