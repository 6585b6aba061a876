/**
 * Entry to a WeChat official live room. live-player-plugin is declared only for this subpackage, so
 * the room list opens this page, which asks the plugin for the room's status first:
 * - live (101/105/106) and ended (103, the plugin plays the replay): open the plugin's room page
 *   at once; when that fails the page says why and retries, and when the shopper comes back it
 *   offers to enter again;
 * - upcoming (102): the room's cover, title and start time with the plugin's subscribe button,
 *   a way in, and a status check at most once a minute while the page is visible; when the room
 *   goes live (or ends) the page says so and offers to enter, but never leaves on its own;
 * - banned or expired (104/107, or 102 past its end): says the room cannot be watched.
 * If the plugin cannot tell the status at first, the plugin's own room page is opened, as it
 * shows every state itself; a failed check later keeps what the page shows.
 */
import { describeWechatLiveStatus, type WechatLiveStatusView } from '../../contract/wechat-live-status'
import { wechatLiveRoomUrl, type PluginEntry } from '../../core/wechat-live-url'
import { parseWechatRoomEntry, wechatRoomEntryPath } from '../../core/wechat-room-entry'
import { formatStartTime } from '../../core/start-time'
import { navigateTo } from '../../services/navigation'
import { goHome } from '../../services/wx-live'
import { getLiveStatus, getShareCustomParams, getSubscribeStatus, SHARE_CARD_SCENES } from '../services/live-plugin'
import { enableShareTicket, knownShareToken, reportShareOpen, shareCard, shareTokenFor } from '../../services/share'
import { SHARE_TOKEN_QUERY } from '../../contract/share-rules'
import { StatusPoller } from './status-poller'

/**
 * checking → opening → opened | failed: the bridge path (live, ended, status unknown).
 * checking → upcoming → liveNow | endedNow | unavailable: the page stays while the room is upcoming.
 */
type RoomView = 'checking' | 'opening' | 'opened' | 'failed' | 'invalid' | 'upcoming' | 'liveNow' | 'endedNow' | 'unavailable'

const pollers = new WeakMap<object, StatusPoller>()
/** How the page was entered (type=9 code, type=10 article card), passed on to the plugin's room page. */
const entries = new WeakMap<object, PluginEntry | undefined>()
/** getShareParams is asked once per page, and only in a share-card scene. */
const shareChecked = new WeakSet<object>()

/**
 * The room URL with custom_params naming this viewer as sharer, so a card they share from inside
 * the plugin credits them. Entering never waits for the token: without it (not answered yet, or
 * over the plugin's 600 characters) the plain URL.
 */
function pluginRoomUrl(roomId: number, entry: PluginEntry | undefined): string {
  const token = knownShareToken({ wechatRoomId: roomId })
  if (token) {
    try {
      return wechatLiveRoomUrl(roomId, { [SHARE_TOKEN_QUERY]: token }, entry)
    } catch {
      // Over the plugin's limit: enter without crediting rather than not at all.
    }
  }
  return wechatLiveRoomUrl(roomId, undefined, entry)
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000)

function unavailableMessage(view: WechatLiveStatusView): string {
  if (view.code === 104) return '该直播间已被禁播，无法观看'
  if (view.code === 107) return '该直播已过期，无法观看'
  return '该直播间暂时无法观看'
}

Component({
  data: {
    view: 'checking' as RoomView,
    message: '正在打开微信直播间…',
    roomId: 0,
    title: '',
    cover: '',
    startTime: 0,
    /** Planned end (Unix seconds, 0 unknown): 102 after it means the room expired. */
    endTime: 0,
    /** Second line of the room card: when it starts, or that it started or ended. */
    statusText: '',
    subscribed: false,
    /** A failed entry from the room card, shown under its button. */
    notice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const entry = parseWechatRoomEntry(query)
      if (entry.roomId === null) {
        const message = entry.rawRoomId ? `微信直播间编号无效（${entry.rawRoomId}）` : '没有指定微信直播间'
        this.setData({ view: 'invalid', message })
        return
      }
      const roomId = entry.roomId
      entries.set(this, entry.entry)
      // Asked now, so that it is at hand when the plugin's room opens.
      void shareTokenFor({ wechatRoomId: roomId })
      enableShareTicket()
      void reportShareOpen(query)
      this.setData({
        roomId,
        title: entry.name || `微信直播间 ${roomId}`,
        cover: entry.cover,
        startTime: entry.startTime,
        endTime: entry.endTime,
        message: `正在打开微信直播间 ${roomId}…`,
      })
      const poller = new StatusPoller(() => this.checkStatus())
      pollers.set(this, poller)
      poller.resume()
    },
    onShow(): void {
      this.checkShareCard()
      // WeChat calls onShow right after onLoad too; the poller ignores a resume while running.
      if (this.data.view === 'upcoming' || this.data.view === 'checking') pollers.get(this)?.resume()
    },
    onHide(): void {
      pollers.get(this)?.pause()
    },
    onUnload(): void {
      pollers.get(this)?.pause()
      pollers.delete(this)
    },
    /**
     * A card shared from inside the plugin comes back through getShareParams, which only answers
     * in share-card scenes (the plugin is declared in this subpackage, so it is asked here and not
     * in App.onShow); the sharer it names is reported like any share card.
     */
    checkShareCard(): void {
      if (shareChecked.has(this)) return
      shareChecked.add(this)
      const scene = getApp<IAppOption>().globalData.entryScene
      if (scene === undefined || SHARE_CARD_SCENES.indexOf(scene) < 0) return
      void getShareCustomParams().then(
        (params) => {
          const token = params[SHARE_TOKEN_QUERY]
          if (typeof token === 'string' && token) void reportShareOpen({ [SHARE_TOKEN_QUERY]: token }, 'plugin')
        },
        () => undefined,
      )
    },
    onShareAppMessage(): WechatMiniprogram.Page.IAsyncCustomShareContent {
      const { roomId, title, cover, startTime, endTime } = this.data
      return shareCard({ title: title || '微信直播间', path: wechatRoomEntryPath({ roomId, name: title, cover, startTime, endTime }), imageUrl: cover || undefined }, { wechatRoomId: roomId })
    },
    /** One status check for the poller: true when the plugin answered. */
    async checkStatus(): Promise<boolean> {
      const roomId = this.data.roomId
      try {
        const status = await getLiveStatus(roomId)
        if (pollers.has(this)) this.showStatus(describeWechatLiveStatus(status, this.data.endTime, nowSeconds()))
        return true
      } catch {
        // Nothing known yet: the plugin's room page shows every state itself. Later, keep what is shown.
        if (this.data.view === 'checking' && pollers.has(this)) {
          this.stopPolling()
          void this.enter()
        }
        return false
      }
    },
    showStatus(status: WechatLiveStatusView): void {
      const first = this.data.view === 'checking'
      if (status.category === 'upcoming') {
        const startText = this.data.startTime ? formatStartTime(this.data.startTime, nowSeconds()) : '直播尚未开始'
        this.setData({ view: 'upcoming', statusText: startText })
        return
      }
      this.stopPolling()
      if (status.category === 'hidden') this.setData({ view: 'unavailable', message: unavailableMessage(status) })
      else if (first) void this.enter()
      else if (status.category === 'live') this.setData({ view: 'liveNow', statusText: '直播已开始，快进去看看吧' })
      else this.setData({ view: 'endedNow', statusText: '直播已结束，可以看回放' })
    },
    stopPolling(): void {
      pollers.get(this)?.pause()
    },
    onRetry(): void {
      if (this.data.roomId) void this.enter()
    },
    /** From the room card (upcoming, live now, ended now): the card stays for when the shopper comes back. */
    async onEnter(): Promise<void> {
      this.setData({ notice: '' })
      try {
        await navigateTo(pluginRoomUrl(this.data.roomId, entries.get(this)))
      } catch (err) {
        this.setData({ notice: `打开微信直播间失败（${reasonOf(err)}）` })
      }
    },
    async onSubscribe(): Promise<void> {
      // The event's detail is undocumented; the plugin's own answer says whether the reminder is set.
      const subscribed = await getSubscribeStatus(this.data.roomId).catch(() => this.data.subscribed)
      this.setData({ subscribed })
    },
    goHome(): void {
      goHome()
    },
    async enter(): Promise<void> {
      const roomId = this.data.roomId
      this.setData({ view: 'opening', message: `正在打开微信直播间 ${roomId}…` })
      try {
        await navigateTo(pluginRoomUrl(roomId, entries.get(this)))
        this.setData({ view: 'opened', message: '已离开微信直播间' })
      } catch (err) {
        this.setData({ view: 'failed', message: `打开微信直播间失败（${reasonOf(err)}）` })
      }
    },
  },
})

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
