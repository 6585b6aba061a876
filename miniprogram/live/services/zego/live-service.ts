/**
 * The commands live pages call. One session at a time (SDK 3.x is single-room): open → enter →
 * (go live | play the anchor) → close. Every SDK callback lands here once, through
 * engine-events.ts, and is routed into the store; failures become store state with a retry.
 * Entering the room lives in room-entry.ts, the anchor's commands in anchor-commands.ts.
 */
import type { LiveFailure, LiveRole } from '../../core/live-types'
import type { LiveAction } from '../../core/live-status'
import { throttleLatest } from '../../core/throttle'
import { LivePusherError } from '../../core/zego-error-codes'
import { liveRoomStore as store } from '../../stores/live-room'
import { reportRoomStatus, sendLiveComment, serverRoomInfoProvider, serverTokenProvider, type RoomInfoProvider, type TokenProvider } from '../live-api'
import { goHome, keepScreenOn, openSettings, watchAppLifecycle } from '../../../services/wx-live'
import { holdEngine, releaseEngine, setEngineSetup, useEngine, currentEngine } from './engine-manager'
import { registerEngineEvents } from './engine-events'
import { CallbackRouter } from './callback-router'
import type { Session } from './session'
import type { PlayerHandle, PusherHandle } from './media-handles'
import { StreamControl } from './stream-control'
import { RoomStatusReporter, type SendRoomStatus } from './room-status-report'
import { ExplainControl } from './explain-control'
import { ChatControl, type SendComment } from './chat-control'
import { RoomEntry } from './room-entry'
import { AnchorCommands } from './anchor-commands'
import { reportExplain } from '../replay-api'
import { LikeControl, sendLikes, type SendLikes } from './like-control'

/** Online count arrives as often as people come and go; the screen needs it every few seconds. */
export const onlineCountIntervalMs = 2000

export class ZegoLiveService {
  private tokens: TokenProvider = serverTokenProvider
  private rooms: RoomInfoProvider = serverRoomInfoProvider
  private sendRoomStatus: SendRoomStatus = reportRoomStatus
  private sendComment: SendComment = sendLiveComment
  private sendExplain: (roomId: string, goodsId: string) => Promise<unknown> = reportExplain
  private sendLikes: SendLikes = sendLikes
  private readonly roomStatus = new RoomStatusReporter(() => this.sendRoomStatus)
  private session: Session | null = null
  private lastTicket = 0
  readonly streams = new StreamControl(useEngine)
  /** Anchor: the goods explained to every viewer (`show`, `stop`, `retry`). */
  readonly explain = new ExplainControl({
    session: () => this.session,
    engine: useEngine,
    report: (roomId, goodsId) => void this.sendExplain(roomId, goodsId).catch(() => undefined),
  })
  /** Live comments: `send`, `retry`; received ones arrive through the router. */
  readonly chat = new ChatControl({ session: () => this.session, sendComment: () => this.sendComment })
  /** Likes: `tap`; the room's total arrives through the router and on entering. */
  readonly likes = new LikeControl({
    session: () => this.session,
    sendLikes: () => this.sendLikes,
    roomIsLive: () => store.info?.status === 'live',
  })
  private readonly entry = new RoomEntry({
    session: () => this.session,
    tokens: () => this.tokens,
    rooms: () => this.rooms,
    engine: useEngine,
    streams: this.streams,
    explain: this.explain,
    likes: this.likes,
  })
  private readonly anchor = new AnchorCommands({
    session: () => this.session,
    engine: useEngine,
    streams: this.streams,
    explain: this.explain,
    roomStatus: this.roomStatus,
  })
  private readonly router = new CallbackRouter({
    session: () => this.session,
    streams: this.streams,
    chat: this.chat,
    likes: this.likes,
    drop: (s, failure) => this.drop(s, failure),
    refreshRoom: (s) => this.entry.refreshRoom(s),
    renewToken: () => this.entry.renewToken(),
    published: () => this.anchor.published(),
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
  useProviders(providers: { tokens?: TokenProvider; rooms?: RoomInfoProvider; roomStatus?: SendRoomStatus; comments?: SendComment; likes?: SendLikes }): void {
    if (providers.likes) this.sendLikes = providers.likes
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
    this.likes.reset(roomId)
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
    this.likes.reset('')
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

  /** Fetches the room and a token from the server, then logs in with the token's user (room-entry.ts). */
  enter(): Promise<void> {
    return this.entry.enter()
  }

  /** Leaves the room (streams first) and enters again with a fresh token. */
  reenter(): Promise<void> {
    return this.entry.reenter()
  }

  renewToken(): Promise<void> {
    return this.entry.renewToken()
  }

  // ---- anchor (anchor-commands.ts) -------------------------------------------------------------

  checkPermission(): Promise<void> {
    return this.anchor.checkPermission()
  }

  goLive(): Promise<void> {
    return this.anchor.goLive()
  }

  endLive(): void {
    this.anchor.endLive()
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

  /** live-pusher binderror: the user refused the camera or the microphone. */
  pusherError(code: number): void {
    if (code === LivePusherError.cameraRefused || code === LivePusherError.microphoneRefused) store.setPermission('denied')
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
}

export const zegoLive = new ZegoLiveService()
