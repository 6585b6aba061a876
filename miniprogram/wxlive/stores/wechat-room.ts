/**
 * The wxlive room page as the UI sees it, and the state machine that moves it. One store per page
 * instance: the page makes it on load, binds its fields and forwards its events, and closes it on
 * unload. Everything outside goes through its source (the plugin, navigation, sharing); the store
 * never calls wx.* itself.
 *
 * - live (101/105/106) and ended (103, the plugin plays the replay): checking → opening → opened,
 *   or failed with why (重试); when the shopper comes back, opened offers to enter again;
 * - upcoming (102): checking → upcoming, with a status check at most once a minute while the page
 *   is visible; upcoming → liveNow | endedNow offers the way in, but never leaves on its own;
 * - banned or expired (104/107, or 102 past its end): → unavailable;
 * - a query without a valid room: invalid.
 * If the plugin cannot tell the status at first, the plugin's own room page is opened (it shows
 * every state itself); a failed check later keeps what the page shows.
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import { describeWechatLiveStatus, type WechatLiveStatusView } from '../../contract/wechat-live-status'
import { SHARE_TOKEN_QUERY } from '../../contract/share-rules'
import { formatStartTime } from '../../core/start-time'
import { wechatLiveRoomUrl, type PluginEntry } from '../../core/wechat-live-url'
import { parseWechatRoomEntry } from '../../core/wechat-room-entry'
import { StatusPoller } from '../core/status-poller'
import { pluginWechatRoomSource, type WechatRoomSource } from '../services/wechat-room-source'

export type WechatRoomView = 'checking' | 'opening' | 'opened' | 'failed' | 'invalid' | 'upcoming' | 'liveNow' | 'endedNow' | 'unavailable'

/** What the page binds: every field the WXML reads. */
export const WECHAT_ROOM_FIELDS = ['view', 'message', 'roomId', 'title', 'cover', 'startTime', 'endTime', 'statusText', 'subscribed', 'notice'] as const

function unavailableMessage(view: WechatLiveStatusView): string {
  if (view.code === 104) return '该直播间已被禁播，无法观看'
  if (view.code === 107) return '该直播已过期，无法观看'
  return '该直播间暂时无法观看'
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export class WechatRoomStore {
  view: WechatRoomView = 'checking'
  /** The line under the empty-state picture (checking, opening, opened, failed, invalid, unavailable). */
  message = '正在打开微信直播间…'
  roomId = 0
  title = ''
  cover = ''
  /** Planned start (Unix seconds, 0 unknown). */
  startTime = 0
  /** Planned end (Unix seconds, 0 unknown): 102 after it means the room expired. */
  endTime = 0
  /** Second line of the room card: when it starts, or that it started or ended. */
  statusText = ''
  subscribed = false
  /** A failed entry from the room card, shown under its button. */
  notice = ''
  /** How the page was entered (type=9 code, type=10 article card), passed on to the plugin's room page. */
  private entry: PluginEntry | undefined = undefined
  /** Runs the status checks; null before a room is opened and after close(). */
  private poller: StatusPoller | null = null
  /** getShareParams is asked once per page, and only in a share-card scene. */
  private shareChecked = false

  constructor(private readonly source: WechatRoomSource = pluginWechatRoomSource) {
    // The commands are not actions: each step they take is one, so the bindings render every
    // state they pass through.
    makeAutoObservable<WechatRoomStore, 'source' | 'entry' | 'poller' | 'shareChecked' | 'checkShareCard' | 'checkStatus' | 'enter' | 'roomUrl'>(
      this,
      { source: false, entry: false, poller: false, shareChecked: false, open: false, shown: false, hidden: false, close: false, retry: false, enterFromCard: false, subscribeChanged: false, shareCard: false, checkShareCard: false, checkStatus: false, enter: false, roomUrl: false },
      { autoBind: true },
    )
  }

  // ---- commands (the page forwards to these) -------------------------------------------------

  /** The page's onLoad: reads the room from the query and starts checking its status. */
  open(query: Record<string, string | undefined>): void {
    const parsed = parseWechatRoomEntry(query)
    if (parsed.roomId === null) {
      this.invalid(parsed.rawRoomId ? `微信直播间编号无效（${parsed.rawRoomId}）` : '没有指定微信直播间')
      return
    }
    const roomId = parsed.roomId
    this.entry = parsed.entry
    // Asked now, so that it is at hand when the plugin's room opens.
    this.source.prepareShareToken(roomId)
    this.source.enableShareTicket()
    this.source.reportShareOpen(query)
    this.roomLoaded({ roomId, title: parsed.name || `微信直播间 ${roomId}`, cover: parsed.cover, startTime: parsed.startTime, endTime: parsed.endTime })
    this.poller = new StatusPoller(() => this.checkStatus())
    this.poller.resume()
  }

  /** The page's onShow (WeChat calls it right after onLoad too; the poller ignores a resume while running). */
  shown(): void {
    this.checkShareCard()
    if (this.view === 'upcoming' || this.view === 'checking') this.poller?.resume()
  }

  /** The page's onHide: no status checks while hidden; the minute keeps counting. */
  hidden(): void {
    this.poller?.pause()
  }

  /** The page's onUnload: no more checks, and an answer still on its way is dropped. */
  close(): void {
    this.poller?.pause()
    this.poller = null
  }

  /** 重试 after a failed opening, and 再次进入 after the shopper came back. */
  retry(): void {
    if (this.roomId) void this.enter()
  }

  /** From the room card (upcoming, live now, ended now): the card stays for when the shopper comes back. */
  async enterFromCard(): Promise<void> {
    this.noticeChanged('')
    try {
      await this.source.openRoom(this.roomUrl())
    } catch (err) {
      this.noticeChanged(`打开微信直播间失败（${reasonOf(err)}）`)
    }
  }

  /** The plugin's subscribe button was tapped: its detail is undocumented, so the plugin is asked. */
  async subscribeChanged(): Promise<void> {
    const subscribed = await this.source.subscribed(this.roomId).catch(() => this.subscribed)
    this.subscribedChanged(subscribed)
  }

  /** The page's onShareAppMessage. */
  shareCard(): WechatMiniprogram.Page.IAsyncCustomShareContent {
    const { roomId, title, cover, startTime, endTime } = this
    return this.source.shareCard({ roomId, name: title, cover, startTime, endTime })
  }

  /**
   * A card shared from inside the plugin comes back through getShareParams, which only answers in
   * share-card scenes (the plugin is declared in this subpackage, so it is asked here and not in
   * App.onShow); the sharer it names is reported like any share card.
   */
  private checkShareCard(): void {
    if (this.shareChecked) return
    this.shareChecked = true
    void this.source.pluginShareToken().then(
      (token) => {
        if (token) this.source.reportPluginShareOpen(token)
      },
      () => undefined,
    )
  }

  /** One status check for the poller: true when the plugin answered. */
  private async checkStatus(): Promise<boolean> {
    try {
      const status = await this.source.liveStatus(this.roomId)
      if (this.poller !== null) this.statusAnswered(describeWechatLiveStatus(status, this.endTime, this.source.nowSeconds()))
      return true
    } catch {
      // Nothing known yet: the plugin's room page shows every state itself. Later, keep what is shown.
      if (this.view === 'checking' && this.poller !== null) {
        this.poller.pause()
        void this.enter()
      }
      return false
    }
  }

  /** Opens the plugin's room page from the empty state (first status, 重试, 再次进入). */
  private async enter(): Promise<void> {
    this.opening()
    try {
      await this.source.openRoom(this.roomUrl())
      this.opened()
    } catch (err) {
      this.openFailed(`打开微信直播间失败（${reasonOf(err)}）`)
    }
  }

  /**
   * The room URL with custom_params naming this viewer as sharer, so a card they share from inside
   * the plugin credits them. Entering never waits for the token: without it (not answered yet, or
   * over the plugin's 600 characters) the plain URL.
   */
  private roomUrl(): string {
    const token = this.source.knownShareToken(this.roomId)
    if (token) {
      try {
        return wechatLiveRoomUrl(this.roomId, { [SHARE_TOKEN_QUERY]: token }, this.entry)
      } catch {
        // Over the plugin's limit: enter without crediting rather than not at all.
      }
    }
    return wechatLiveRoomUrl(this.roomId, undefined, this.entry)
  }

  // ---- actions -------------------------------------------------------------------------------

  invalid(message: string): void {
    this.view = 'invalid'
    this.message = message
  }

  roomLoaded(room: { roomId: number; title: string; cover: string; startTime: number; endTime: number }): void {
    this.roomId = room.roomId
    this.title = room.title
    this.cover = room.cover
    this.startTime = room.startTime
    this.endTime = room.endTime
    this.message = `正在打开微信直播间 ${room.roomId}…`
  }

  /**
   * What the plugin said. Upcoming keeps polling; anything else is final for this page: the first
   * answer opens the plugin's room at once, a later one says so on the card.
   */
  statusAnswered(status: WechatLiveStatusView): void {
    const first = this.view === 'checking'
    if (status.category === 'upcoming') {
      this.view = 'upcoming'
      this.statusText = this.startTime ? formatStartTime(this.startTime, this.source.nowSeconds()) : '直播尚未开始'
      return
    }
    this.poller?.pause()
    if (status.category === 'hidden') {
      this.view = 'unavailable'
      this.message = unavailableMessage(status)
    } else if (first) void this.enter()
    else if (status.category === 'live') {
      this.view = 'liveNow'
      this.statusText = '直播已开始，快进去看看吧'
    } else {
      this.view = 'endedNow'
      this.statusText = '直播已结束，可以看回放'
    }
  }

  opening(): void {
    this.view = 'opening'
    this.message = `正在打开微信直播间 ${this.roomId}…`
  }

  opened(): void {
    this.view = 'opened'
    this.message = '已离开微信直播间'
  }

  openFailed(message: string): void {
    this.view = 'failed'
    this.message = message
  }

  noticeChanged(notice: string): void {
    this.notice = notice
  }

  subscribedChanged(subscribed: boolean): void {
    this.subscribed = subscribed
  }
}
