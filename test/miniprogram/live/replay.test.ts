/**
 * The replay page against the fake merchant server: our room's recorded segments play in order in
 * a `<video>`, on to the next at the end; the goods explained at the moment playing shows as
 * 讲解中, the timeline and 看讲解 jump to an explain; 立即购买 opens the buy popup over the video; an
 * expired URL is fetched again and playback resumes where it was; WeChat rooms' replays play from
 * the WeChat route.
 */
import { openPage } from '../../helpers/load-page'
import { settle, text, type SimPage } from '../../helpers/live'
import { freshPageFakes } from '../../helpers/page-fakes'
import { popupData, useShop, waitFor } from '../../helpers/shop'
import { type FakeServer } from '../../fakes/server-api'
import { makeRoom } from '../../fakes/server-fixtures'
import { FakeReplayRoutes } from '../../fakes/replay-routes'
import { wxLedger } from '../../fakes/wx'
import type { Goods } from '../../../miniprogram/core/api-types'
import { replayStore } from '../../../miniprogram/live/stores/replay'

const ROOM = 'r-ended'
const T0 = Date.UTC(2025, 2, 4, 12, 0, 0)

let server: FakeServer
let routes: FakeReplayRoutes
let page: SimPage | undefined

beforeEach(() => {
  replayStore.reset()
  server = freshPageFakes()
  useShop(server)
  server.addRoom(makeRoom(ROOM, { title: '昨晚专场', status: 'ended', hasReplay: true, shelf: ['soap', 'scarf'] }))
  routes = new FakeReplayRoutes(server, () => [...server.goods.values()] as Goods[])
  routes.replays.set(ROOM, [
    {
      sessionId: 'live_1',
      startedMs: T0 - 5_000,
      endedMs: T0 + 1_300_000,
      // Out of order on purpose: the page plays by start time.
      segments: [
        { url: 'b.mp4', startMs: T0 + 660_000, durationMs: 600_000, sizeBytes: 9_000_000, expiresAt: null },
        { url: 'a.mp4', startMs: T0, durationMs: 600_000, sizeBytes: 9_000_000, expiresAt: null },
      ],
      explains: [
        { goodsId: 'soap', atMs: T0 + 120_000 },
        { goodsId: '', atMs: T0 + 300_000 },
        { goodsId: 'scarf', atMs: T0 + 900_000 },
      ],
      partial: false,
    },
  ])
})

afterEach(() => {
  page?.detach()
  page = undefined
})

const video = (p: SimPage) => {
  const node = p.querySelector('#replay-video')
  if (!node) throw new Error(`no video; the page shows: "${text(p)}"`)
  return node
}
/** simulate's <video> keeps no attributes; what its src is rendered from is the page's `current` segment. */
const src = (p: SimPage): string => (p as unknown as { data: { current: { url: string } | null } }).data.current?.url ?? ''
const explainCard = (p: SimPage): string => (p.querySelector('.replay__explain >>> .explain-card')?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim()
const seeks = (): unknown[][] => wxLedger.of('VideoContext.seek').map((c) => c.args)

async function openReplay(query: Record<string, string> = { roomId: ROOM }): Promise<SimPage> {
  page = openPage('live/replay/index', query)
  await waitFor(page, () => replayStore.view !== 'loading', 'the replay loading')
  await settle()
  return page
}

async function tapShelf(p: SimPage, goodsId: string, selector: '.replay__watch' | '.replay__buy'): Promise<void> {
  const title = server.goods.get(goodsId)?.title ?? goodsId
  // Every goods of this shelf has both buttons, so the n-th button belongs to the n-th goods.
  const index = p.querySelectorAll('.replay__goods').findIndex((n) => (n.dom?.textContent ?? '').includes(title))
  const node = index < 0 ? undefined : p.querySelectorAll(selector)[index]
  if (!node) throw new Error(`no ${selector} for ${goodsId}; the page shows: "${text(p)}"`)
  node.dispatchEvent('tap')
  await settle()
}

describe('replay page', () => {
  it('plays the segments in order, on to the next at the end of each', async () => {
    const p = await openReplay()
    expect(src(p)).toBe(routes.url('a.mp4'))
    expect(text(p)).toContain('第 1/2 段')
    video(p).dispatchEvent('ended')
    await settle()
    expect(src(p)).toBe(routes.url('b.mp4'))
    expect(text(p)).toContain('第 2/2 段')
    video(p).dispatchEvent('ended')
    await settle()
    expect(text(p)).toContain('回放已结束')
  })

  it('shows what was explained at the moment playing, and jumps to an explained goods', async () => {
    const p = await openReplay()
    expect(explainCard(p)).toBe('')
    video(p).dispatchEvent('timeupdate', { detail: { currentTime: 130, duration: 600 } })
    await settle()
    expect(explainCard(p)).toContain('讲解中')
    expect(explainCard(p)).toContain(server.goods.get('soap')!.title)
    // After 停止讲解 at 5:00 the card goes.
    video(p).dispatchEvent('timeupdate', { detail: { currentTime: 310, duration: 600 } })
    await settle()
    expect(explainCard(p)).toBe('')

    const titles = p.querySelectorAll('.replay__moment-title').map((n) => n.dom?.textContent ?? '')
    const timeline = p.querySelectorAll('.replay__moment-time').map((n, i) => `${n.dom?.textContent ?? ''} ${titles[i] ?? ''}`)
    expect(timeline).toEqual([`02:00 ${server.goods.get('soap')!.title}`, `15:00 ${server.goods.get('scarf')!.title}`])

    // 看讲解 on the scarf: explained at 15:00, 4 minutes into the second file.
    await tapShelf(p, 'scarf', '.replay__watch')
    expect(src(p)).toBe(routes.url('b.mp4'))
    expect(seeks().at(-1)).toEqual(['replay-video', 240])
    expect(explainCard(p)).toContain(server.goods.get('scarf')!.title)

    // The timeline's first entry goes back into the first file.
    p.querySelectorAll('.replay__moment')[0]!.dispatchEvent('tap')
    await settle()
    expect(src(p)).toBe(routes.url('a.mp4'))
    expect(seeks().at(-1)).toEqual(['replay-video', 120])
  })

  it('buys a shelf goods through the buy popup over the video', async () => {
    const p = await openReplay()
    await tapShelf(p, 'soap', '.replay__buy')
    await waitFor(p, () => popupData(p).step === 'spec', 'the buy popup over the replay')
    expect(p.querySelector('#buy')?.data).toMatchObject({ goodsId: 'soap', roomId: ROOM, show: true })
    // The video stays where it is: the page is not left.
    expect(wxLedger.of('navigateTo')).toEqual([])
    expect(src(p)).toBe(routes.url('a.mp4'))
  })

  it('fetches a fresh URL when the video fails on an expired one, and resumes where it was', async () => {
    routes.expiresAt = Math.floor(Date.now() / 1000) - 1
    const p = await openReplay()
    video(p).dispatchEvent('timeupdate', { detail: { currentTime: 200, duration: 600 } })
    await settle()
    const stale = src(p)
    routes.expire(Math.floor(Date.now() / 1000) + 3600)
    video(p).dispatchEvent('error', { detail: { errMsg: 'MEDIA_ERR_NETWORK' } })
    await waitFor(p, () => src(p) !== stale, 'a fresh URL')
    expect(routes.answered).toBe(2)
    expect(src(p)).toBe(routes.url('a.mp4'))
    expect(seeks().at(-1)).toEqual(['replay-video', 200])

    // The fresh URL fails too: that is not expiry, and the shopper is told and can retry.
    video(p).dispatchEvent('error', { detail: { errMsg: 'MEDIA_ERR_DECODE' } })
    await settle()
    expect(text(p)).toContain('视频播放失败，请检查网络后重试')
    p.querySelector('.replay__retry')?.dispatchEvent('click')
    await waitFor(p, () => replayStore.view === 'ready', 'the retry')
    await settle()
    expect(src(p)).toBe(routes.url('a.mp4'))
  })

  it('says when a room has no replay, and when loading failed offers 重试', async () => {
    routes.replays.set(ROOM, [])
    let p = await openReplay()
    expect(text(p)).toContain('这场直播还没有回放')
    p.detach()
    server.failures.set(`GET /api/rooms/${ROOM}/replays`, { status: 503, body: { error: 'unavailable', message: '服务暂不可用' } })
    p = page = await openReplay()
    expect(text(p)).toContain('回放加载失败：服务暂不可用，请重试')
  })
})
