/**
 * The wxlive room page as an entry to WeChat rooms that are not live yet: the plugin's status
 * decides, the subscribe button is the plugin's, and getLiveStatus runs on WeChat's once-a-minute
 * rule (fake timers; the fake plugin stamps every call with the fake clock).
 */
import { openPage, pluginStub } from '../../helpers/load-page'
import { closePage, methods, text, type SimPage } from '../../helpers/live'
import { wxFaults, wxLedger } from '../../fakes/wx'
import { livePlayerPlugin } from '../../fakes/live-player-plugin'
import { wechatRoomEntryPath } from '../../../miniprogram/core/wechat-room-entry'
import { at } from '../../helpers/page-fakes'

interface RoomPage {
  onShow(): void
  onHide(): void
}

const MINUTE = 60_000
const NOW = at('2025-03-05T10:00:00')
const PLUGIN_ROOM_12 = 'plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=12'

// Records the room-id the page gives the plugin's subscribe component.
const subscribeStub = pluginStub('subscribe', { roomId: { type: Number, value: 0 } })

let page: SimPage | undefined

beforeEach(() => {
  jest.useFakeTimers({ now: NOW * 1000 })
  wxLedger.clear()
  wxFaults.clear()
  livePlayerPlugin.reset()
})

afterEach(() => {
  if (page) closePage(page)
  page = undefined
  jest.useRealTimers()
})

/** Runs what is due now: plugin answers, wx callbacks, event handlers. */
async function flush(): Promise<void> {
  await jest.advanceTimersByTimeAsync(0)
}

async function openRoom(roomId: number, extra: Partial<Parameters<typeof wechatRoomEntryPath>[0]> = {}): Promise<SimPage> {
  const path = wechatRoomEntryPath({
    roomId,
    name: '春季新品首发',
    cover: 'https://mmbiz.example.com/cover/12.jpg',
    startTime: at('2025-03-05T20:00:00'),
    endTime: at('2025-03-05T22:00:00'),
    ...extra,
  })
  const query = Object.fromEntries(new URLSearchParams(path.split('?')[1]).entries())
  // WeChat hands onLoad the values still percent-encoded, as they stood in the URL.
  for (const key of Object.keys(query)) query[key] = encodeURIComponent(query[key])
  page = openPage('wxlive/room/index', query, { usingComponents: { subscribe: subscribeStub } })
  await flush()
  return page
}

function navigations(): string[] {
  return wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)
}

function statusCalls(): number {
  return livePlayerPlugin.of('getLiveStatus').length
}

describe('wxlive room page', () => {
  it.each([101, 105, 106] as const)('opens a live room (%i) at once', async (status) => {
    livePlayerPlugin.statuses.set(12, status)
    const p = await openRoom(12)

    expect(navigations()).toEqual([PLUGIN_ROOM_12])
    expect(text(p)).toContain('已离开微信直播间')
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(statusCalls()).toBe(1)
  })

  it('opens an ended room (103) at once: the plugin plays its replay', async () => {
    livePlayerPlugin.statuses.set(12, 103)
    await openRoom(12)
    expect(navigations()).toEqual([PLUGIN_ROOM_12])
  })

  it('shows an upcoming room with cover, title, start time and the plugin subscribe button for the room', async () => {
    livePlayerPlugin.statuses.set(12, 102)
    const p = await openRoom(12)

    expect(navigations()).toEqual([])
    expect(text(p)).toContain('春季新品首发')
    expect(text(p)).toContain('今天 20:00 开播')
    expect(p.data.cover).toBe('https://mmbiz.example.com/cover/12.jpg')
    expect(p.querySelector('.wxlive-room__cover')).toBeTruthy()
    const subscribe = p.querySelector('.wxlive-room__subscribe')!
    expect(subscribe.data.roomId).toBe(12)

    // After the shopper taps it, the plugin's own answer says whether the reminder is set.
    livePlayerPlugin.subscribedRooms.add(12)
    subscribe.dispatchEvent('subscribe')
    await flush()
    expect(livePlayerPlugin.of('getSubscribeStatus').map((c) => c.args[0])).toEqual([{ room_id: 12 }])
    expect(text(p)).toContain('已设置开播提醒')

    // The shopper may still go in: the plugin's page shows the countdown itself.
    p.querySelector('.wxlive-room__enter')!.dispatchEvent('click')
    await flush()
    expect(navigations()).toEqual([PLUGIN_ROOM_12])
    expect(text(p)).toContain('春季新品首发')
  })

  it('polls getLiveStatus once a minute while visible, stops on hide and unload, and resumes on show without calling early', async () => {
    livePlayerPlugin.statuses.set(12, 102)
    const p = await openRoom(12)
    expect(statusCalls()).toBe(1)
    // WeChat calls onShow right after onLoad: that must not add a call.
    methods<RoomPage>(p).onShow()
    await flush()
    expect(statusCalls()).toBe(1)

    await jest.advanceTimersByTimeAsync(MINUTE - 1)
    expect(statusCalls()).toBe(1)
    await jest.advanceTimersByTimeAsync(1)
    expect(statusCalls()).toBe(2)

    // Hidden (e.g. the shopper opened the plugin's page): no calls however long it stays hidden.
    await jest.advanceTimersByTimeAsync(20_000)
    methods<RoomPage>(p).onHide()
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(statusCalls()).toBe(2)

    // Back after more than a minute: one call at once, then the minute cadence again.
    methods<RoomPage>(p).onShow()
    await flush()
    expect(statusCalls()).toBe(3)

    // Back within the minute: the call waits for the minute to be up.
    await jest.advanceTimersByTimeAsync(10_000)
    methods<RoomPage>(p).onHide()
    await jest.advanceTimersByTimeAsync(10_000)
    methods<RoomPage>(p).onShow()
    await jest.advanceTimersByTimeAsync(MINUTE - 20_000 - 1)
    expect(statusCalls()).toBe(3)
    await jest.advanceTimersByTimeAsync(1)
    expect(statusCalls()).toBe(4)

    closePage(p)
    page = undefined
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(statusCalls()).toBe(4)
    expect(livePlayerPlugin.statusIntervalsMs(12).every((ms) => ms >= MINUTE)).toBe(true)
  })

  it('says the room is live and offers to enter when the status turns 101, without leaving on its own', async () => {
    livePlayerPlugin.statuses.set(12, 102)
    const p = await openRoom(12)
    livePlayerPlugin.statuses.set(12, 101)
    await jest.advanceTimersByTimeAsync(MINUTE)

    expect(text(p)).toContain('直播已开始')
    expect(p.querySelector('.wxlive-room__subscribe')).toBeFalsy()
    expect(p.querySelector('.wxlive-room__enter')!.dom!.textContent).toContain('进入直播间')
    expect(navigations()).toEqual([])
    // Live is final for this page: no more polling.
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(statusCalls()).toBe(2)

    p.querySelector('.wxlive-room__enter')!.dispatchEvent('click')
    await flush()
    expect(navigations()).toEqual([PLUGIN_ROOM_12])
  })

  it('offers the replay when an upcoming room is seen next as ended', async () => {
    livePlayerPlugin.statuses.set(12, 102)
    const p = await openRoom(12)
    livePlayerPlugin.statuses.set(12, 103)
    await jest.advanceTimersByTimeAsync(MINUTE)

    expect(text(p)).toContain('直播已结束')
    expect(p.querySelector('.wxlive-room__enter')!.dom!.textContent).toContain('看回放')
    expect(navigations()).toEqual([])
  })

  it('says why entering from the room card failed and keeps the card', async () => {
    livePlayerPlugin.statuses.set(12, 102)
    const p = await openRoom(12)
    wxFaults.set('navigateTo', 'webview count limit exceed')
    p.querySelector('.wxlive-room__enter')!.dispatchEvent('click')
    await flush()

    expect(text(p)).toContain('打开微信直播间失败（navigateTo:fail webview count limit exceed）')
    expect(text(p)).toContain('今天 20:00 开播')
  })

  it.each([
    [104, {}, '该直播间已被禁播，无法观看'],
    [107, {}, '该直播已过期，无法观看'],
    // WeChat keeps reporting 102 for a room that never started; past its planned end it has expired.
    [102, { startTime: at('2025-03-04T20:00:00'), endTime: at('2025-03-04T22:00:00') }, '该直播已过期，无法观看'],
  ] as const)('status %i says the room cannot be watched and offers the way back', async (status, times, message) => {
    livePlayerPlugin.statuses.set(12, status)
    const p = await openRoom(12, times)

    expect(text(p)).toContain(message)
    expect(navigations()).toEqual([])
    await jest.advanceTimersByTimeAsync(10 * MINUTE)
    expect(statusCalls()).toBe(1)

    p.querySelector('.wxlive-room__home')!.dispatchEvent('click')
    await flush()
    expect(wxLedger.of('switchTab').map((c) => (c.args[0] as { url: string }).url)).toEqual(['/pages/rooms/index'])
  })

  it('keeps the upcoming room on screen when a check fails, and backs off: never faster than a minute', async () => {
    livePlayerPlugin.statuses.set(12, 102)
    const p = await openRoom(12)
    const shown = text(p)
    // The plugin documents no quota error; a frequency-style rejection stands for any failure.
    livePlayerPlugin.faults.set('getLiveStatus', { errMsg: 'getLiveStatus:fail api frequency limit', errCode: 45009 })

    await jest.advanceTimersByTimeAsync(MINUTE)
    expect(statusCalls()).toBe(2)
    expect(text(p)).toBe(shown)

    // After one failure the wait doubles to two minutes, after two to four.
    await jest.advanceTimersByTimeAsync(2 * MINUTE - 1)
    expect(statusCalls()).toBe(2)
    await jest.advanceTimersByTimeAsync(1)
    expect(statusCalls()).toBe(3)
    expect(text(p)).toBe(shown)

    livePlayerPlugin.faults.clear()
    livePlayerPlugin.statuses.set(12, 101)
    await jest.advanceTimersByTimeAsync(4 * MINUTE)
    expect(statusCalls()).toBe(4)
    expect(livePlayerPlugin.statusIntervalsMs(12)).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE])
    expect(text(p)).toContain('直播已开始')
  })

  it('decodes what the room list passed and shows only the room ID when nothing else came', async () => {
    livePlayerPlugin.statuses.set(7, 102)
    const p = await openRoom(7, { name: '100% 好物 & 福利', cover: undefined, startTime: undefined, endTime: undefined })
    expect(text(p)).toContain('100% 好物 & 福利')
    expect(text(p)).toContain('直播尚未开始')
    expect(p.querySelector('.wxlive-room__cover')).toBeFalsy()
    closePage(p)

    page = openPage('wxlive/room/index', { roomId: '7' }, { usingComponents: { subscribe: subscribeStub } })
    await flush()
    expect(text(page)).toContain('微信直播间 7')
  })
})
