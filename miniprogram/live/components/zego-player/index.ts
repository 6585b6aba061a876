/**
 * One remote stream, in either mode of config.zegoComponentMode: native <live-player> (its id is
 * the stream ID, as the SDK requires) or the 即构直播助手 plugin's <zego-player>. The service
 * drives play/stop through the handle; every statechange / netstatus goes to the SDK. Its URL
 * writes take their turn in the room's one frame (core/frame-scheduler.ts) with the page's, ahead
 * of the feeds; play() follows once the view has the URL.
 */
import { config } from '../../../config'
import { zegoLive, type PlayerHandle } from '../../services/zego/index'
import { livePlayerContext } from '../../../services/wx-live'
import { AttachedHandles } from '../attached-handles'
import { frameSlotOf, releaseFrameSlot } from '../frame-view'

/** The control surface both modes share: LivePlayerContext and the plugin component's methods. */
type PlayerTarget = ZegoComponents.PluginPlayer

const attachedHandles = new AttachedHandles<PlayerHandle>((handle) => zegoLive.detachPlayer(handle))

Component({
  properties: {
    streamId: { type: String, value: '' },
  },
  data: {
    mode: config.zegoComponentMode,
    url: '',
  },
  lifetimes: {
    attached(): void {
      const slot = frameSlotOf(this)
      slot.post({ mode: config.zegoComponentMode }, { urgent: true })
      const streamID = this.data.streamId
      let alive = true
      let context: WechatMiniprogram.LivePlayerContext | null = null
      const target = (): PlayerTarget | null => {
        if (!alive) return null
        if (config.zegoComponentMode === 'plugin') return this.selectComponent('#zego-plugin-player') as unknown as PlayerTarget | null
        context = context ?? livePlayerContext(streamID, this)
        return context
      }
      const playOn = (url: string): void => {
        slot.post({ url }, { urgent: true, then: () => target()?.play() })
      }
      const handle: PlayerHandle = {
        streamID,
        play: playOn,
        replay: (url) => {
          target()?.stop()
          playOn(url)
        },
        stop: () => {
          target()?.stop()
          // A play still waiting for its turn is called off with it.
          slot.dropCallbacks()
          if (alive) slot.post({ url: '' }, { urgent: true })
        },
      }
      attachedHandles.keep(this, handle, () => (alive = false))
      zegoLive.attachPlayer(handle)
    },
    detached(): void {
      attachedHandles.release(this)
      releaseFrameSlot(this)
    },
  },
  methods: {
    onStateChange(e: WechatMiniprogram.CustomEvent): void {
      zegoLive.forwardStateChange(this.data.streamId, e)
    },
    onNetStatus(e: WechatMiniprogram.CustomEvent): void {
      zegoLive.forwardNetStatus(this.data.streamId, e)
    },
  },
})
