/**
 * One remote stream, in either mode of config.zegoComponentMode: native <live-player> (its id is
 * the stream ID, as the SDK requires) or the 即构直播助手 plugin's <zego-player>. The service
 * drives play/stop through the handle; every statechange / netstatus goes to the SDK
 * (streamBehavior). Its URL writes take their turn in the room's one frame
 * (core/frame-scheduler.ts) with the page's, ahead of the feeds; play() follows once the view has
 * the URL.
 */
import { config } from '../../../config'
import { zegoLive, type PlayerHandle } from '../../services/zego/index'
import { livePlayerContext } from '../../../services/wx-live'
import { frameSlotOf, releaseFrameSlot } from '../frame-view'
import { streamBehavior, streamDriver, type UrlWriter } from '../stream-behavior'

/** The control surface both modes share: LivePlayerContext and the plugin component's methods. */
type PlayerTarget = ZegoComponents.PluginPlayer

Component({
  behaviors: [streamBehavior],
  lifetimes: {
    attached(): void {
      const streamID = this.data.streamId
      let context: WechatMiniprogram.LivePlayerContext | null = null
      const find = (): PlayerTarget | null => {
        if (config.zegoComponentMode === 'plugin') return this.selectComponent('#zego-plugin-player') as unknown as PlayerTarget | null
        context = context ?? livePlayerContext(streamID, this)
        return context
      }
      const slot = frameSlotOf(this)
      const writer: UrlWriter = {
        write: (url, then) => slot.post({ url }, { urgent: true, then }),
        cancel: () => slot.dropCallbacks(),
      }
      const release = (): void => {
        zegoLive.detachPlayer(handle)
        releaseFrameSlot(this)
      }
      const driver = streamDriver(this, find, (player) => player.play(), release, writer)
      const handle: PlayerHandle = { streamID, play: driver.start, replay: driver.restart, stop: driver.stop }
      zegoLive.attachPlayer(handle)
    },
  },
})
