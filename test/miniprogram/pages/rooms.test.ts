import { openPage } from '../../helpers/load-page'
import { methods, settle, text, type SimPage } from '../../helpers/live'
import { type FakeServer } from '../../fakes/server-api'
import { makeRoom, makeWechatLiveRoom } from '../../fakes/server-fixtures'
import { wxLedger } from '../../fakes/wx'
import { roomListStore } from '../../../miniprogram/stores/room-list'
import { at, freshPageFakes } from '../../helpers/page-fakes'

const NOW = at('2025-03-05T10:00:00')

interface RoomsPage {
  onPullDownRefresh(): Promise<void>
}

interface CardText {
  title: string
  badge: string
  detail: string
}

let server: FakeServer
let page: SimPage | undefined

beforeEach(() => {
  roomListStore.reset()
  // Start times are shown relative to the moment the list loaded.
  jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)
  server = freshPageFakes()
})

afterEach(() => {
  page?.detach()
  page = undefined
  jest.restoreAllMocks()
})

/** Lets the load finish, however many retries and sign-ins it takes, then the bindings flush. */
async function loadSettled(): Promise<void> {
  for (let round = 0; round < 100 && roomListStore.loading; round++) await settle(1)
  await settle()
}

async function openRooms(): Promise<SimPage> {
  page = openPage('pages/rooms/index')
  await loadSettled()
  return page
}

function cardsIn(p: SimPage, section: 'zego' | 'wechat'): CardText[] {
  const part = (sel: string, index: number): string =>
    (p.querySelectorAll(`.rooms__section--${section} .room-card .room-card__${sel}`)[index]?.dom?.textContent ?? '').trim()
  return p.querySelectorAll(`.rooms__section--${section} .room-card`).map((card, i) => {
    // Every card has a title and a badge; only some have a detail line, so match that one by card.
    const detail = card.dom?.textContent?.replace(part('title', i), '').replace(part('badge', i), '').trim() ?? ''
    return { title: part('title', i), badge: part('badge', i), detail }
  })
}

function navigations(): string[] {
  return wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)
}

function roomsRequests(): number {
  return server.paths().filter((p) => p === 'GET /api/rooms').length
}

function seedBothLists(): void {
  server.addRoom(makeRoom('r-later', { title: '明晚新品', status: 'scheduled', scheduledStart: at('2025-03-06T20:00:00') }))
  server.addRoom(makeRoom('r-old', { title: '上周专场', status: 'ended', scheduledStart: at('2025-02-26T20:00:00') }))
  server.addRoom(makeRoom('r-soon', { title: '今晚福利', status: 'scheduled', scheduledStart: at('2025-03-05T20:00:00') }))
  server.addRoom(makeRoom('r-live', { title: '正在直播', status: 'live', scheduledStart: at('2025-03-05T09:00:00') }))
  server.wechatRooms.push(
    makeWechatLiveRoom(13, 103, { name: '微信回放', startTime: at('2025-03-01T20:00:00') }),
    makeWechatLiveRoom(12, 102, { name: '微信预告', startTime: at('2025-03-05T19:30:00') }),
    makeWechatLiveRoom(14, 104, { name: '被禁播' }),
    makeWechatLiveRoom(11, 101, { name: '微信直播中', anchorName: '阿珍' }),
  )
}

describe('room list page', () => {
  it('shows a loading state until the server answers', async () => {
    page = openPage('pages/rooms/index')
    await Promise.resolve()
    expect(text(page)).toContain('正在加载直播间')
    await settle()
    expect(text(page)).not.toContain('正在加载直播间')
  })

  it('lists our rooms live first, then scheduled with start times, without ended rooms; WeChat rooms follow', async () => {
    seedBothLists()
    const p = await openRooms()

    // The Channels card asks for the client configuration on its own (none configured here).
    expect(server.paths()).toEqual(['POST /api/auth/login', 'GET /api/rooms', 'GET /api/wechat-live/rooms', 'GET /api/client-config'])
    expect(server.requests[1].query).toEqual({ limit: '100' })
    expect(cardsIn(p, 'zego')).toEqual([
      { title: '正在直播', badge: '直播中', detail: '' },
      { title: '今晚福利', badge: '预告', detail: '今天 20:00 开播' },
      { title: '明晚新品', badge: '预告', detail: '明天 20:00 开播' },
    ])
    expect(text(p)).not.toContain('上周专场')
    expect(text(p)).toContain('微信直播间')
    expect(cardsIn(p, 'wechat')).toEqual([
      { title: '微信直播中', badge: '直播中', detail: '阿珍' },
      { title: '微信预告', badge: '未开始', detail: '今天 19:30 开播' },
      { title: '微信回放', badge: '已结束', detail: '小美' },
    ])
    expect(text(p)).not.toContain('被禁播')
    // simulate's <image> stub keeps no src; the bound card is what the template renders it from.
    expect(p.querySelectorAll('.rooms__section--zego .room-card__cover')).toHaveLength(3)
    expect((p.data.zegoCards as Array<{ cover: string }>)[0].cover).toBe('https://cdn.example.com/cover/r-live.jpg')
  })

  it('opens the viewer for a ZEGO room and the wxlive bridge for a WeChat room', async () => {
    seedBothLists()
    const p = await openRooms()
    wxLedger.clear()

    p.querySelectorAll('.rooms__section--zego .room-card')[1].dispatchEvent('tap')
    p.querySelectorAll('.rooms__section--wechat .room-card')[0].dispatchEvent('tap')
    await settle()

    // The WeChat room page gets what the list knows, so it can show an upcoming room without a request.
    const wechatRoom11 = [
      'roomId=11',
      `name=${encodeURIComponent('微信直播中')}`,
      `cover=${encodeURIComponent('https://mmbiz.example.com/cover/11.jpg')}`,
      'start=1700000000',
      'end=1700007200',
    ].join('&')
    expect(navigations()).toEqual(['/live/viewer/index?roomId=r-soon', `/wxlive/room/index?${wechatRoom11}`])
    expect(wxLedger.of('request')).toHaveLength(0)
  })

  it('leads the signed-in anchor from their own rooms to the console, and from others\' to the viewer', async () => {
    server.userId = 'anchor-7'
    server.role = 'anchor'
    server.addRoom(makeRoom('r-mine', { title: '我的专场', status: 'scheduled', anchorUserId: 'anchor-7', scheduledStart: at('2025-03-05T20:00:00') }))
    server.addRoom(makeRoom('r-theirs', { title: '别人的直播', status: 'live', anchorUserId: 'anchor-1' }))
    const p = await openRooms()

    expect(cardsIn(p, 'zego').map((c) => c.title)).toEqual(['别人的直播', '我的专场'])
    // Only the anchor's own card offers to go live, and it is the second one.
    expect(p.querySelectorAll('.rooms__section--zego .room-card__action').map((a) => a.dom?.textContent)).toEqual(['去开播'])
    expect(cardsIn(p, 'zego')[1]?.detail).toBe('今天 20:00 开播去开播')
    wxLedger.clear()

    p.querySelectorAll('.rooms__section--zego .room-card')[1].dispatchEvent('tap')
    p.querySelectorAll('.rooms__section--zego .room-card')[0].dispatchEvent('tap')
    await settle()
    expect(navigations()).toEqual(['/live/anchor/index?roomId=r-mine', '/live/viewer/index?roomId=r-theirs'])
  })

  it.each([['not_configured' as const], ['upstream_unavailable' as const]])(
    'hides the WeChat section when the server answers 503 %s, and still shows our rooms',
    async (mode) => {
      seedBothLists()
      server.wechatLive = mode
      const p = await openRooms()

      expect(cardsIn(p, 'zego').map((c) => c.title)).toEqual(['正在直播', '今晚福利', '明晚新品'])
      expect(p.querySelector('.rooms__section--wechat')).toBeFalsy()
      expect(text(p)).not.toContain('微信直播间')
      expect(text(p)).not.toContain('重试')
    },
  )

  it('still shows WeChat rooms from a stale cache, saying they may be out of date', async () => {
    seedBothLists()
    server.wechatStale = true
    const p = await openRooms()
    expect(cardsIn(p, 'wechat').map((c) => c.title)).toEqual(['微信直播中', '微信预告', '微信回放'])
    expect(text(p)).toContain('微信直播状态可能不是最新的')
  })

  it('keeps our rooms when only the WeChat list fails, and says why in its section', async () => {
    seedBothLists()
    server.failures.set('GET /api/wechat-live/rooms', { status: 500, body: { error: 'internal', message: '服务器内部错误' } })
    const p = await openRooms()
    expect(cardsIn(p, 'zego')).toHaveLength(3)
    expect(text(p)).toContain('微信直播间加载失败：服务器内部错误')
  })

  it('says what went wrong when the network fails, and loads the rooms on retry', async () => {
    seedBothLists()
    server.failNetwork = 100
    const p = await openRooms()

    expect(text(p)).toContain('网络连接失败，请检查网络后重试')
    expect(text(p)).not.toContain('还没有直播间')
    expect(cardsIn(p, 'zego')).toHaveLength(0)

    server.failNetwork = 0
    p.querySelector('.rooms__retry')!.dispatchEvent('click')
    await loadSettled()

    expect(text(p)).not.toContain('网络连接失败')
    expect(cardsIn(p, 'zego').map((c) => c.title)).toEqual(['正在直播', '今晚福利', '明晚新品'])
    expect(roomsRequests()).toBe(1)
  })

  it('shows the server\'s message when our room list fails', async () => {
    server.failures.set('GET /api/rooms', { status: 500, body: { error: 'internal', message: '服务器内部错误' } })
    const p = await openRooms()
    expect(text(p)).toContain('服务器内部错误')
    expect(p.querySelector('.rooms__retry')).toBeTruthy()
  })

  it('reloads on pull-down refresh and then stops the refresh animation', async () => {
    server.addRoom(makeRoom('r-live', { title: '正在直播', status: 'live' }))
    const p = await openRooms()
    expect(cardsIn(p, 'zego').map((c) => c.title)).toEqual(['正在直播'])
    expect(wxLedger.of('stopPullDownRefresh')).toHaveLength(0)

    server.addRoom(makeRoom('r-new', { title: '刚刚开播', status: 'live', scheduledStart: at('2025-03-05T09:30:00') }))
    server.setRoomStatus('r-live', 'ended')
    await methods<RoomsPage>(p).onPullDownRefresh()
    await settle()

    expect(roomsRequests()).toBe(2)
    expect(cardsIn(p, 'zego').map((c) => c.title)).toEqual(['刚刚开播'])
    expect(wxLedger.of('stopPullDownRefresh')).toHaveLength(1)
    const names = wxLedger.names()
    expect(names.lastIndexOf('stopPullDownRefresh')).toBeGreaterThan(names.lastIndexOf('request'))
  })

  it('stops the refresh animation even when the refresh fails', async () => {
    const p = await openRooms()
    server.failNetwork = 100
    await methods<RoomsPage>(p).onPullDownRefresh()
    await loadSettled()
    expect(wxLedger.of('stopPullDownRefresh')).toHaveLength(1)
    expect(text(p)).toContain('网络连接失败，请检查网络后重试')
  })

  it('says there are no rooms when the server has none', async () => {
    const p = await openRooms()
    expect(text(p)).toContain('还没有直播间')
    expect(p.querySelector('.room-card')).toBeFalsy()
  })

  it('says there are no rooms when every room has ended and WeChat live is unavailable', async () => {
    server.addRoom(makeRoom('r-old', { status: 'ended' }))
    server.addRoom(makeRoom('r-off', { status: 'cancelled' }))
    server.wechatLive = 'not_configured'
    const p = await openRooms()
    expect(text(p)).toContain('还没有直播间')
  })
})
