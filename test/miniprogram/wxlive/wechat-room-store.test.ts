/**
 * The wxlive room store on its own: every state of its machine and every failure, and what the
 * shopper then sees (view, message, card text), against a fake source. The status checks run on
 * the store's poller with jest's fake clock.
 */
import type { WechatLiveStatus } from '../../../miniprogram/contract/wechat-live-status'
import type { WechatRoomPreview } from '../../../miniprogram/core/wechat-room-entry'
import type { WechatRoomSource } from '../../../miniprogram/wxlive/services/wechat-room-source'
import { WechatRoomStore } from '../../../miniprogram/wxlive/stores/wechat-room'
import { at } from '../../helpers/page-fakes'

const MINUTE = 60_000
const NOW = at('2025-03-05T10:00:00')
const START = at('2025-03-05T20:00:00')
const END = at('2025-03-05T22:00:00')
const ROOM_12 = 'plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=12'

/** Answers what each test sets, and records what the store asked for. */
class FakeRoomSource implements WechatRoomSource {
  /** The next status answers, in order; the last one repeats. An Error is a plugin failure. */
  statuses: Array<WechatLiveStatus | Error> = [101]
  statusCalls = 0
  openFault: Error | null = null
  opened: string[] = []
  reminder: boolean | Error = false
  token = ''
  pluginToken: string | Error = ''
  pluginTokenAsked = 0
  calls: string[] = []
  reportedOpens: Array<Record<string, string | undefined>> = []
  pluginOpens: string[] = []
  sharedCards: WechatRoomPreview[] = []

  liveStatus(): Promise<WechatLiveStatus> {
    const answer = this.statuses[Math.min(this.statusCalls, this.statuses.length - 1)]!
    this.statusCalls++
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)
  }
  subscribed(): Promise<boolean> {
    return this.reminder instanceof Error ? Promise.reject(this.reminder) : Promise.resolve(this.reminder)
  }
  openRoom(url: string): Promise<void> {
    this.opened.push(url)
    return this.openFault ? Promise.reject(this.openFault) : Promise.resolve()
  }
  knownShareToken(): string {
    return this.token
  }
  prepareShareToken(roomId: number): void {
    this.calls.push(`prepareShareToken ${roomId}`)
  }
  enableShareTicket(): void {
    this.calls.push('enableShareTicket')
  }
  reportShareOpen(query: Record<string, string | undefined>): void {
    this.reportedOpens.push(query)
  }
  pluginShareToken(): Promise<string> {
    this.pluginTokenAsked++
    return this.pluginToken instanceof Error ? Promise.reject(this.pluginToken) : Promise.resolve(this.pluginToken)
  }
  reportPluginShareOpen(token: string): void {
    this.pluginOpens.push(token)
  }
  shareCard(room: WechatRoomPreview): WechatMiniprogram.Page.IAsyncCustomShareContent {
    this.sharedCards.push(room)
    const card = { title: room.name, path: `/wxlive/room/index?roomId=${room.roomId}` }
    return { ...card, promise: Promise.resolve(card) }
  }
  nowSeconds(): number {
    return Math.floor(Date.now() / 1000)
  }
}

let source: FakeRoomSource
let store: WechatRoomStore

beforeEach(() => {
  jest.useFakeTimers({ now: NOW * 1000 })
  source = new FakeRoomSource()
  store = new WechatRoomStore(source)
})

afterEach(() => {
  store.close()
  jest.useRealTimers()
})

/** Lets the answers on their way arrive. */
const settle = (): Promise<void> => jest.advanceTimersByTimeAsync(0)

const roomQuery = (over: Record<string, string> = {}): Record<string, string> => ({
  roomId: '12',
  name: encodeURIComponent('春季新品首发'),
  cover: encodeURIComponent('https://mmbiz.example.com/cover/12.jpg'),
  start: String(START),
  end: String(END),
  ...over,
})

/** What the page shows: the card's lines or the empty state's message. */
const shown = (s: WechatRoomStore): { view: string; message: string; statusText: string; notice: string } => ({
  view: s.view,
  message: s.message,
  statusText: s.statusText,
  notice: s.notice,
})

describe('wxlive room store', () => {
  it.each([
    [{}, '没有指定微信直播间'],
    [{ roomId: 'abc' }, '微信直播间编号无效（abc）'],
    [{ roomId: '0' }, '微信直播间编号无效（0）'],
  ])('with query %p is invalid and says %s, asking the plugin nothing', async (query, message) => {
    store.open(query)
    store.shown()
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(shown(store)).toEqual({ view: 'invalid', message, statusText: '', notice: '' })
    expect(source.statusCalls).toBe(0)
    expect(source.calls).toEqual([])
    store.retry()
    expect(source.opened).toEqual([])
  })

  it('starts checking with the room from the query, and asks for the sharer token before anything opens', () => {
    store.open(roomQuery({ st: 'card-token' }))
    expect(store.view).toBe('checking')
    expect(store.message).toBe('正在打开微信直播间 12…')
    expect({ roomId: store.roomId, title: store.title, cover: store.cover, startTime: store.startTime, endTime: store.endTime }).toEqual({
      roomId: 12,
      title: '春季新品首发',
      cover: 'https://mmbiz.example.com/cover/12.jpg',
      startTime: START,
      endTime: END,
    })
    expect(source.calls).toEqual(['prepareShareToken 12', 'enableShareTicket'])
    expect(source.reportedOpens).toEqual([roomQuery({ st: 'card-token' })])
    expect(source.statusCalls).toBe(1)
  })

  it('names the room by its ID when the query carries nothing else', () => {
    store.open({ roomId: '7' })
    expect(store.title).toBe('微信直播间 7')
  })

  it.each([101, 103, 105, 106] as const)('checking → opening → opened when the first status is %i, and stops checking', async (status) => {
    source.statuses = [status]
    store.open(roomQuery())
    expect(shown(store)).toMatchObject({ view: 'checking' })
    await settle()
    expect(source.opened).toEqual([ROOM_12])
    expect(shown(store)).toEqual({ view: 'opened', message: '已离开微信直播间', statusText: '', notice: '' })
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(source.statusCalls).toBe(1)
  })

  it('shows opening while the plugin page is on its way', async () => {
    let arrive: () => void = () => undefined
    source.openRoom = (url) => {
      source.opened.push(url)
      return new Promise<void>((resolve) => (arrive = resolve))
    }
    store.open(roomQuery())
    await settle()
    expect(shown(store)).toMatchObject({ view: 'opening', message: '正在打开微信直播间 12…' })
    arrive()
    await settle()
    expect(store.view).toBe('opened')
  })

  it('opening → failed says why, and 重试 goes through opening to opened', async () => {
    source.openFault = new Error('navigateTo:fail webview count limit exceed')
    store.open(roomQuery())
    await settle()
    expect(shown(store)).toEqual({ view: 'failed', message: '打开微信直播间失败（navigateTo:fail webview count limit exceed）', statusText: '', notice: '' })

    source.openFault = null
    store.retry()
    expect(store.view).toBe('opening')
    await settle()
    expect(shown(store)).toMatchObject({ view: 'opened', message: '已离开微信直播间' })
    expect(source.opened).toEqual([ROOM_12, ROOM_12])
    // 再次进入 from opened.
    store.retry()
    await settle()
    expect(source.opened).toHaveLength(3)
    expect(source.statusCalls).toBe(1)
  })

  it('opens the plugin room when the plugin cannot tell the first status, and checks no more', async () => {
    source.statuses = [new Error('getLiveStatus:fail system error')]
    store.open(roomQuery())
    await settle()
    expect(source.opened).toEqual([ROOM_12])
    expect(shown(store)).toMatchObject({ view: 'opened', message: '已离开微信直播间' })
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(source.statusCalls).toBe(1)
  })

  it('checking → upcoming shows when it starts, or that it has not started when no time came', async () => {
    source.statuses = [102]
    store.open(roomQuery())
    await settle()
    expect(shown(store)).toEqual({ view: 'upcoming', message: '正在打开微信直播间 12…', statusText: '今天 20:00 开播', notice: '' })
    expect(source.opened).toEqual([])

    const bare = new WechatRoomStore(source)
    bare.open({ roomId: '7' })
    await settle()
    expect(shown(bare)).toMatchObject({ view: 'upcoming', statusText: '直播尚未开始' })
    bare.close()
  })

  it('upcoming → liveNow says so and offers the way in, never leaving on its own; checking stops', async () => {
    source.statuses = [102, 101]
    store.open(roomQuery())
    await settle()
    await jest.advanceTimersByTimeAsync(MINUTE)
    expect(shown(store)).toEqual({ view: 'liveNow', message: '正在打开微信直播间 12…', statusText: '直播已开始，快进去看看吧', notice: '' })
    expect(source.opened).toEqual([])
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(source.statusCalls).toBe(2)
    // Coming back does not start checking again.
    store.hidden()
    store.shown()
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(source.statusCalls).toBe(2)
  })

  it('upcoming → endedNow offers the replay', async () => {
    source.statuses = [102, 103]
    store.open(roomQuery())
    await settle()
    await jest.advanceTimersByTimeAsync(MINUTE)
    expect(shown(store)).toMatchObject({ view: 'endedNow', statusText: '直播已结束，可以看回放' })
    expect(source.opened).toEqual([])
  })

  it.each([
    [[104], {}, '该直播间已被禁播，无法观看'],
    [[107], {}, '该直播已过期，无法观看'],
    // WeChat keeps reporting 102 for a room that never started; past its planned end it has expired.
    [[102], { start: String(at('2025-03-04T20:00:00')), end: String(at('2025-03-04T22:00:00')) }, '该直播已过期，无法观看'],
    // Banned while the page waited for it to start.
    [[102, 104], {}, '该直播间已被禁播，无法观看'],
  ] as const)('statuses %p (times %p) → unavailable says %s, and checking stops', async (statuses, times, message) => {
    source.statuses = [...statuses]
    store.open(roomQuery(times))
    await settle()
    await jest.advanceTimersByTimeAsync(MINUTE)
    expect(shown(store)).toMatchObject({ view: 'unavailable', message })
    expect(source.opened).toEqual([])
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(source.statusCalls).toBe(statuses.length)
  })

  it('keeps the upcoming card when a later check fails, and backs off', async () => {
    source.statuses = [102, new Error('getLiveStatus:fail api frequency limit'), new Error('again'), 101]
    store.open(roomQuery())
    await settle()
    const before = shown(store)
    await jest.advanceTimersByTimeAsync(MINUTE)
    expect(source.statusCalls).toBe(2)
    expect(shown(store)).toEqual(before)
    await jest.advanceTimersByTimeAsync(2 * MINUTE)
    expect(source.statusCalls).toBe(3)
    expect(shown(store)).toEqual(before)
    await jest.advanceTimersByTimeAsync(4 * MINUTE - 1)
    expect(source.statusCalls).toBe(3)
    await jest.advanceTimersByTimeAsync(1)
    expect(shown(store)).toMatchObject({ view: 'liveNow' })
  })

  it('checks only while shown: hidden pauses, and shown after the minute is up checks at once', async () => {
    source.statuses = [102]
    store.open(roomQuery())
    store.shown()
    await settle()
    expect(source.statusCalls).toBe(1)
    store.hidden()
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(source.statusCalls).toBe(1)
    store.shown()
    await settle()
    expect(source.statusCalls).toBe(2)
  })

  it('drops an answer that arrives after close, and checks no more', async () => {
    let answer: (status: WechatLiveStatus) => void = () => undefined
    source.liveStatus = () => {
      source.statusCalls++
      return new Promise<WechatLiveStatus>((resolve) => (answer = resolve))
    }
    store.open(roomQuery())
    store.close()
    answer(101)
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(shown(store)).toMatchObject({ view: 'checking' })
    expect(source.opened).toEqual([])
    expect(source.statusCalls).toBe(1)
  })

  it('enters from the card; a failure shows under its button and the card stays, the next try clears it', async () => {
    source.statuses = [102]
    store.open(roomQuery())
    await settle()
    source.openFault = new Error('navigateTo:fail webview count limit exceed')
    await store.enterFromCard()
    expect(shown(store)).toEqual({ view: 'upcoming', message: '正在打开微信直播间 12…', statusText: '今天 20:00 开播', notice: '打开微信直播间失败（navigateTo:fail webview count limit exceed）' })

    source.openFault = null
    await store.enterFromCard()
    expect(store.notice).toBe('')
    expect(store.view).toBe('upcoming')
    expect(source.opened).toEqual([ROOM_12, ROOM_12])
  })

  it("enters with this viewer's sharer token and the entry type, or without the token when it would not fit", async () => {
    source.statuses = [102]
    source.token = 'tok'
    store.open(roomQuery({ type: '9' }))
    await settle()
    await store.enterFromCard()
    expect(source.opened.at(-1)).toBe(`${ROOM_12}&custom_params=${encodeURIComponent(JSON.stringify({ st: 'tok' }))}&type=9`)

    source.token = 'x'.repeat(700)
    await store.enterFromCard()
    expect(source.opened.at(-1)).toBe(`${ROOM_12}&type=9`)
  })

  it("takes the plugin's answer on whether the reminder is set, and keeps what it showed when that fails", async () => {
    source.statuses = [102]
    store.open(roomQuery())
    await settle()
    source.reminder = true
    await store.subscribeChanged()
    expect(store.subscribed).toBe(true)
    source.reminder = new Error('getSubscribeStatus:fail')
    await store.subscribeChanged()
    expect(store.subscribed).toBe(true)
  })

  it('asks for a card shared from inside the plugin once per page, and reports only a card that names a sharer', async () => {
    source.pluginToken = 'sharer-token'
    store.open(roomQuery())
    store.shown()
    store.shown()
    await settle()
    expect(source.pluginTokenAsked).toBe(1)
    expect(source.pluginOpens).toEqual(['sharer-token'])

    for (const token of ['', new Error('getShareParams:fail')]) {
      const other = new WechatRoomStore(source)
      source.pluginToken = token
      other.open(roomQuery())
      other.shown()
      await settle()
      other.close()
    }
    expect(source.pluginTokenAsked).toBe(3)
    expect(source.pluginOpens).toEqual(['sharer-token'])
  })

  it('shares the room it shows', () => {
    store.open(roomQuery())
    store.shareCard()
    expect(source.sharedCards).toEqual([{ roomId: 12, name: '春季新品首发', cover: 'https://mmbiz.example.com/cover/12.jpg', startTime: START, endTime: END }])
  })
})
