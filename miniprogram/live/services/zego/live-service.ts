/**
 * The commands live pages call. One session at a time (SDK 3.x is single-room): open → enter →
 * (go live | play the anchor) → close. Every SDK callback lands here once, through
 * engine-events.ts, and is routed into the store; failures become store state with a retry.
 */
import { config } from '../../../config'
import type { LiveFailure, LiveRole } from '../../../core/live-types'
import type { LiveAction } from '../../core/live-status'
import { ZegoCode } from '../../core/zego-error-codes'
import { throttleLatest } from '../../core/throttle'
import { liveRoomStore as store } from '../../stores/live-room'
import type { RoomInfoProvider, TokenProvider } from '../../../services/api-contract'
import { reportRoomStatus, sendLiveComment, serverRoomInfoProvider, serverTokenProvider } from '../../../services/api'
import { goHome, keepScreenOn, openSettings, authorize, watchAppLifecycle } from '../../../services/wx-live'
import { holdEngine, releaseEngine, setEngineSetup, useEngine, currentEngine } from './engine-manager'
import { registerEngineEvents } from './engine-events'
import { CallbackRouter } from './callback-router'
import type { Session } from './session'
import type { PlayerHandle, PusherHandle } from './media-handles'
import { StreamControl } from './stream-control'
import { RoomStatusReporter, type SendRoomStatus } from './room-status-report'
import { ExplainControl } from './explain-control'
import { ChatControl, type SendComment } from './chat-control'

/** Online count arrives as often as people come and go; the screen needs it every few seconds. */
export const onlineCountIntervalMs = 2000


function errorText(err: unknown): { code: number; message: string } {
  const e = (err ?? {}) as { code?: number | string; msg?: string; message?: string }
  const code = typeof e.code === 'number' ? e.code : Number(e.code) || 0
  return { code, message: e.message ?? e.msg ?? '未知错误' }
}

export class ZegoLiveService {
  private tokens: TokenProvider = serverTokenProvider
  private rooms: RoomInfoProvider = serverRoomInfoProvider
  private sendRoomStatus: SendRoomStatus = reportRoomStatus
  private sendComment: SendComment = sendLiveComment
  private readonly roomStatus = new RoomStatusReporter(() => this.sendRoomStatus)
  private session: Session | null = null
  private lastTicket = 0
  readonly streams = new StreamControl(useEngine)
  /** Anchor: the goods explained to every viewer (`show`, `stop`, `retry`). */
  readonly explain = new ExplainControl({ session: () => this.session, engine: useEngine })
  /** Live comments: `send`, `retry`; received ones arrive through the router. */
  readonly chat = new ChatControl({ session: () => this.session, sendComment: () => this.sendComment })
  private readonly router = new CallbackRouter({
    session: () => this.session,
    streams: this.streams,
    chat: this.chat,
    drop: (s, failure) => this.drop(s, failure),
    refreshRoom: (s) => this.refreshRoom(s),
    renewToken: () => this.renewToken(),
    published: () => this.published(),
  })

  constructor() {
    setEngineSetup((engine) => {
      const offEngine = registerEngineEvents(engine, this.router)
      const offApp = watchAppLifecycle({
        // Hiding never leaves the room (the sample stopped doing that); showing restarts what stalled.
        onHide: () => undefined,
        onShow: () => this.streams.recover(),
        onInterruptionEnd: () => this.streams.recover(),
      })
      return () => {
        offEngine()
        offApp()
      }
    })
  }

  /** Tests and future callers replace the server behind tokens, room info and status reports. */
  useProviders(providers: { tokens?: TokenProvider; rooms?: RoomInfoProvider; roomStatus?: SendRoomStatus; comments?: SendComment }): void {
    if (providers.tokens) this.tokens = providers.tokens
    if (providers.rooms) this.rooms = providers.rooms
    if (providers.roomStatus) this.sendRoomStatus = providers.roomStatus
    if (providers.comments) this.sendComment = providers.comments
  }

  // ---- session -------------------------------------------------------------------------------

  /** A live page loaded; returns the ticket its close() must present. */
  open(role: LiveRole, roomId: string): number {
    if (this.session) this.leave(this.session)
    holdEngine()
    const ticket = ++this.lastTicket
    this.session = {
      ticket,
      role,
      roomId,
      userId: '',
      inRoom: false,
      online: throttleLatest(onlineCountIntervalMs, (count) => store.onlineCountUpdated(roomId, count)),
    }
    store.begin(role, roomId)
    this.chat.reset(roomId)
    if (role === 'anchor') keepScreenOn(true)
    return ticket
  }

  /** The page unloads: streams stop, the room is left, the last page out destroys the engine. */
  close(ticket: number): void {
    const s = this.session
    if (s && s.ticket === ticket) {
      this.leave(s)
      this.session = null
    }
    releaseEngine()
  }

  private leave(s: Session): void {
    s.online.cancel()
    this.explain.reset()
    if (currentEngine()) this.streams.stopAll()
    store.end()
    this.chat.reset('')
    if (s.inRoom) {
      s.inRoom = false
      currentEngine()?.logoutRoom(s.roomId)
    }
    if (s.role === 'anchor') {
      keepScreenOn(false)
      // Leaving the console ends the live, even when publishing had already failed for good.
      if (this.roomStatus.isLive(s.roomId)) this.roomStatus.report(s.roomId, 'ended')
    }
  }

  private live(ticket: number): Session | null {
    return this.session && this.session.ticket === ticket ? this.session : null
  }

  /** Fetches the room and a token from the server, then logs in with the token's user. */
  async enter(): Promise<void> {
    const s = this.session
    if (!s) return
    store.clearFailure()
    store.setEntering(true)
    let token
    // A share card or link without a room cannot be entered; asking the server would only fail vaguely.
    if (!s.roomId) {
      store.fail({ kind: 'no-room', code: 0, message: '' })
      return
    }
    try {
      const [info, issued] = await Promise.all([this.rooms.getRoom(s.roomId), this.tokens.getZegoToken(s.roomId)])
      if (!this.live(s.ticket)) return
      store.setInfo(info)
      token = issued
    } catch (err) {
      if (this.live(s.ticket)) store.fail({ kind: 'server', ...errorText(err) })
      return
    }
    const info = store.info
    if (!info) return
    if (s.role === 'anchor' && token.userId !== info.anchorUserId) {
      store.fail({ kind: 'not-anchor', code: 0, message: '' })
      return
    }
    if (s.role === 'viewer' && (info.status === 'ended' || info.status === 'cancelled')) {
      store.setEntering(false)
      return
    }
    if (token.appId !== config.zegoAppId) {
      store.fail({ kind: 'server', code: 0, message: `服务器的 ZEGO AppID（${token.appId}）与小程序配置不一致` })
      return
    }
    s.userId = token.userId
    try {
      // The userID must be the token's user, or ZEGO rejects the login.
      const user = { userID: token.userId, userName: s.role === 'anchor' ? '主播' : `观众${token.userId.slice(-4)}` }
      const ok = await useEngine().loginRoom(s.roomId, token.token, user, { userUpdate: true })
      if (!this.live(s.ticket)) return
      if (!ok) throw { code: 0, msg: '登录房间被拒绝' }
      s.inRoom = true
      store.setEntering(false)
    } catch (err) {
      if (!this.live(s.ticket)) return
      const e = errorText(err)
      store.fail(e.code === ZegoCode.tokenExpired ? { kind: 'token-expired', ...e } : { kind: 'login', ...e })
    }
  }

  /** Leaves the room (streams first) and enters again with a fresh token. */
  async reenter(): Promise<void> {
    const s = this.session
    if (!s) return
    this.streams.stopAll()
    this.explain.reset()
    if (s.inRoom) {
      s.inRoom = false
      useEngine().logoutRoom(s.roomId)
    }
    store.begin(s.role, s.roomId, true)
    await this.enter()
  }

  // ---- anchor --------------------------------------------------------------------------------

  /** checkSystemRequirements: 10001 → upgrade WeChat, 10002 → ask for camera and microphone. */
  async checkPermission(): Promise<void> {
    const s = this.session
    if (!s) return
    store.setPermission('checking')
    let { code } = await useEngine().checkSystemRequirements()
    if (code === ZegoCode.permissionDenied) {
      const camera = await authorize('scope.camera')
      const mic = await authorize('scope.record')
      if (camera && mic && this.live(s.ticket)) code = (await useEngine().checkSystemRequirements()).code
    }
    if (!this.live(s.ticket)) return
    if (code === 0) {
      store.setPermission('granted')
      this.streams.startPreview()
    } else store.setPermission(code === ZegoCode.wechatTooOld ? 'outdated' : 'denied')
  }

  async goLive(): Promise<void> {
    const info = store.info
    if (!store.canGoLive || !info) return
    store.setWantLive(true, Date.now())
    await this.streams.startPublishing(info.streamId)
  }

  endLive(): void {
    // Viewers still in the room should not keep a "讲解中" card of a live that is over.
    if (store.explainingGoodsId) this.explain.stop()
    this.streams.stopPublishing()
    store.setWantLive(false, Date.now())
    const s = this.session
    if (s && this.roomStatus.isLive(s.roomId)) this.roomStatus.report(s.roomId, 'ended')
    // live-pusher's stop() also ends the camera preview; the anchor keeps seeing themself.
    if (store.permission === 'granted') this.streams.startPreview()
  }

  /**
   * The server hears `live` the first time publishing succeeds after the anchor asked to go live.
   * Recoveries reach PUBLISHING again; the reporter drops those repeats unless the first report
   * never got through, in which case they are its next chance.
   */
  private published(): void {
    const s = this.session
    if (s?.role === 'anchor' && store.wantLive && this.streams.isPublishing()) this.roomStatus.report(s.roomId, 'live')
  }

  // ---- tokens --------------------------------------------------------------------------------

  async renewToken(): Promise<void> {
    const s = this.session
    if (!s || !s.inRoom) return
    try {
      const t = await this.tokens.getZegoToken(s.roomId)
      if (!this.live(s.ticket) || !s.inRoom) return
      if (t.userId !== s.userId) throw new Error('新凭证的用户与当前用户不一致')
      if (!useEngine().renewToken(t.token, s.roomId)) throw new Error('SDK 拒绝了新凭证')
      if (store.failure?.kind === 'token-renew') store.clearFailure()
    } catch (err) {
      if (this.live(s.ticket)) store.fail({ kind: 'token-renew', ...errorText(err) })
    }
  }

  // ---- the action a status suggests ------------------------------------------------------------

  async perform(action: LiveAction): Promise<void> {
    switch (action) {
      case 'reenter':
        return this.reenter()
      case 'retry-publish':
        store.clearFailure()
        if (store.permission !== 'granted') return this.checkPermission()
        return this.goLive()
      case 'retry-play': {
        store.clearFailure()
        const id = store.anchorStreamId
        if (id) await this.streams.startPlaying(id)
        return
      }
      case 'renew-token':
        return this.renewToken()
      case 'open-setting':
        await openSettings()
        return this.checkPermission()
      case 'recheck':
        return this.checkPermission()
      case 'go-live':
        return this.goLive()
      case 'end-live':
        return this.endLive()
      case 'go-home':
        return goHome()
      case 'none':
        return
    }
  }

  // ---- components ----------------------------------------------------------------------------

  attachPusher(handle: PusherHandle): void {
    this.streams.attachPusher(handle)
  }

  detachPusher(handle: PusherHandle): void {
    if (currentEngine()) this.streams.detachPusher(handle)
  }

  attachPlayer(handle: PlayerHandle): void {
    this.streams.attachPlayer(handle)
  }

  detachPlayer(handle: PlayerHandle): void {
    if (currentEngine()) this.streams.detachPlayer(handle)
  }

  switchCamera(): void {
    this.streams.switchCamera()
  }

  /** live-pusher binderror: 10001 camera / 10002 microphone refused by the user. */
  pusherError(code: number): void {
    if (code === 10001 || code === 10002) store.setPermission('denied')
  }

  /** Every bindstatechange of a live component, with the stream ID the SDK expects. */
  forwardStateChange(streamID: string, event: WechatMiniprogram.CustomEvent): void {
    currentEngine()?.updatePlayerState(streamID, event)
  }

  /** Every bindnetstatus of a live component. */
  forwardNetStatus(streamID: string, event: WechatMiniprogram.CustomEvent): void {
    currentEngine()?.updatePlayerNetStatus(streamID, event)
  }

  // ---- used by the callback router ---------------------------------------------------------

  /** The SDK put us out of the room: stop streams in order, clear state, log out, then explain. */
  drop(s: Session, failure: LiveFailure): void {
    if (!s.inRoom) return
    s.inRoom = false
    this.streams.stopAll()
    this.explain.reset()
    store.clearExplain()
    store.setWantLive(false, Date.now())
    store.streamsRemoved(store.streams.map((x) => x.streamID))
    useEngine().logoutRoom(s.roomId)
    store.fail(failure)
  }

  async refreshRoom(s: Session): Promise<void> {
    try {
      const info = await this.rooms.getRoom(s.roomId)
      if (this.live(s.ticket)) store.setInfo(info)
    } catch {
      // Keep "anchor away": the next stream update or a re-entry will tell.
    }
  }
}

export const zegoLive = new ZegoLiveService()
