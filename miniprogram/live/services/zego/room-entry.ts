/**
 * Getting a session into its room and keeping it there: the room and a token from the server,
 * loginRoom with the token's user, re-entering with a fresh token, renewing the token before it
 * expires, and re-reading the room when the anchor's stream goes. Failures become store state.
 */
import { config } from '../../../config'
import { ANCHOR_DISPLAY_NAME, viewerDisplayName } from '../../../contract/comment-rules'
import { isRoomAnchor } from '../../../contract/user-rules'
import { ZegoCode } from '../../core/zego-error-codes'
import { zegoSdkError } from './sdk-error'
import { liveRoomStore as store } from '../../stores/live-room'
import type { RoomInfoProvider, TokenProvider } from '../live-api'
import { isOpen, type Session } from './session'
import type { ZegoEngine } from './sdk-types'
import type { StreamControl } from './stream-control'
import type { ExplainControl } from './explain-control'
import { loadChatHistory } from './chat-control'
import type { LikeControl } from './like-control'

export interface RoomEntryHost {
  session(): Session | null
  tokens(): TokenProvider
  rooms(): RoomInfoProvider
  engine(): ZegoEngine
  readonly streams: StreamControl
  readonly explain: ExplainControl
  readonly likes: LikeControl
}

function errorText(err: unknown): { code: number; message: string } {
  const { code, message } = zegoSdkError(err)
  return { code, message: message || '未知错误' }
}

export class RoomEntry {
  /** Sessions whose earlier comments were asked for: once each, re-entries keep what they have. */
  private readonly historyAsked = new WeakSet<Session>()

  constructor(private readonly host: RoomEntryHost) {}

  private open(s: Session): boolean {
    return isOpen(this.host.session(), s)
  }

  /** Fetches the room and a token from the server, then logs in with the token's user. */
  async enter(): Promise<void> {
    const s = this.host.session()
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
      const [info, issued] = await Promise.all([this.host.rooms().getRoom(s.roomId), this.host.tokens().getZegoToken(s.roomId)])
      if (!this.open(s)) return
      store.setInfo(info)
      token = issued
    } catch (err) {
      if (this.open(s)) store.fail({ kind: 'server', ...errorText(err) })
      return
    }
    const info = store.info
    if (!info) return
    if (s.role === 'anchor' && !isRoomAnchor(token.userId, info)) {
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
      const user = { userID: token.userId, userName: s.role === 'anchor' ? ANCHOR_DISPLAY_NAME : viewerDisplayName(token.userId) }
      const ok = await this.host.engine().loginRoom(s.roomId, token.token, user, { userUpdate: true })
      if (!this.open(s)) return
      if (!ok) throw { code: 0, msg: '登录房间被拒绝' }
      s.inRoom = true
      store.setEntering(false)
      if (!this.historyAsked.has(s)) {
        this.historyAsked.add(s)
        void loadChatHistory(s, () => this.open(s))
        void this.host.likes.loadTotal(s, () => this.open(s))
      }
    } catch (err) {
      if (!this.open(s)) return
      const e = errorText(err)
      store.fail(e.code === ZegoCode.tokenExpired ? { kind: 'token-expired', ...e } : { kind: 'login', ...e })
    }
  }

  /** Leaves the room (streams first) and enters again with a fresh token. */
  async reenter(): Promise<void> {
    const s = this.host.session()
    if (!s) return
    this.host.streams.stopAll()
    this.host.explain.reset()
    if (s.inRoom) {
      s.inRoom = false
      this.host.engine().logoutRoom(s.roomId)
    }
    store.begin(s.role, s.roomId, true)
    await this.enter()
  }

  async renewToken(): Promise<void> {
    const s = this.host.session()
    if (!s || !s.inRoom) return
    try {
      const t = await this.host.tokens().getZegoToken(s.roomId)
      if (!this.open(s) || !s.inRoom) return
      if (t.userId !== s.userId) throw new Error('新凭证的用户与当前用户不一致')
      if (!this.host.engine().renewToken(t.token, s.roomId)) throw new Error('SDK 拒绝了新凭证')
      if (store.failure?.kind === 'token-renew') store.clearFailure()
    } catch (err) {
      if (this.open(s)) store.fail({ kind: 'token-renew', ...errorText(err) })
    }
  }

  async refreshRoom(s: Session): Promise<void> {
    try {
      const info = await this.host.rooms().getRoom(s.roomId)
      if (this.open(s)) store.setInfo(info)
    } catch {
      // Keep "anchor away": the next stream update or a re-entry will tell.
    }
  }
}
