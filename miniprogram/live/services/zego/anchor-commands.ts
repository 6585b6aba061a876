/**
 * The anchor console's commands: the camera and microphone check, going live and ending the live,
 * and telling the server when the live really started or ended (room-status-report.ts).
 */
import { ZegoCode } from '../../core/zego-error-codes'
import { liveRoomStore as store } from '../../stores/live-room'
import { authorize } from '../../../services/wx-live'
import { isOpen, type Session } from './session'
import type { ZegoEngine } from './sdk-types'
import type { StreamControl } from './stream-control'
import type { ExplainControl } from './explain-control'
import type { RoomStatusReporter } from './room-status-report'

export interface AnchorHost {
  session(): Session | null
  engine(): ZegoEngine
  readonly streams: StreamControl
  readonly explain: ExplainControl
  readonly roomStatus: RoomStatusReporter
}

export class AnchorCommands {
  constructor(private readonly host: AnchorHost) {}

  /** checkSystemRequirements: 10001 → upgrade WeChat, 10002 → ask for camera and microphone. */
  async checkPermission(): Promise<void> {
    const s = this.host.session()
    if (!s) return
    store.setPermission('checking')
    let { code } = await this.host.engine().checkSystemRequirements()
    if (code === ZegoCode.permissionDenied) {
      const camera = await authorize('scope.camera')
      const mic = await authorize('scope.record')
      if (camera && mic && isOpen(this.host.session(), s)) code = (await this.host.engine().checkSystemRequirements()).code
    }
    if (!isOpen(this.host.session(), s)) return
    if (code === 0) {
      store.setPermission('granted')
      this.host.streams.startPreview()
    } else store.setPermission(code === ZegoCode.wechatTooOld ? 'outdated' : 'denied')
  }

  async goLive(): Promise<void> {
    const info = store.info
    if (!store.canGoLive || !info) return
    store.setWantLive(true, Date.now())
    await this.host.streams.startPublishing(info.streamId)
  }

  endLive(): void {
    // Viewers still in the room should not keep a "讲解中" card of a live that is over.
    if (store.explainingGoodsId) this.host.explain.stop()
    this.host.streams.stopPublishing()
    store.setWantLive(false, Date.now())
    const s = this.host.session()
    if (s && this.host.roomStatus.isLive(s.roomId)) this.host.roomStatus.report(s.roomId, 'ended')
    // live-pusher's stop() also ends the camera preview; the anchor keeps seeing themself.
    if (store.permission === 'granted') this.host.streams.startPreview()
  }

  /**
   * The server hears `live` the first time publishing succeeds after the anchor asked to go live.
   * Recoveries reach PUBLISHING again; the reporter drops those repeats unless the first report
   * never got through, in which case they are its next chance.
   */
  published(): void {
    const s = this.host.session()
    if (s?.role === 'anchor' && store.wantLive && this.host.streams.isPublishing()) this.host.roomStatus.report(s.roomId, 'live')
  }
}
