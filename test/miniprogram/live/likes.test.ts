/**
 * Likes in the live room: a tap floats a heart and counts at once, taps leave in batches at most
 * once a second, the total the server announces through ZEGO raises every page's count (the
 * anchor's console too), a late joiner starts from the server's total, and failures are told.
 */
import { ANCHOR, ROOM, closePage, currentEngine, openAnchor, openViewer, required, settle, useLiveFakes, words, type SimPage } from '../../helpers/live'
import { manualTimer, type ManualTimer } from '../../helpers/live-chat'
import { announceLikes, installLikes, type FakeLikes } from '../../fakes/likes-server'
import { liveFrame } from '../../../miniprogram/live/core/frame-scheduler'
import { likeSending } from '../../../miniprogram/live/services/zego/like-control'
import { systemTimer } from '../../../miniprogram/live/core/list-batcher'
import { likesText } from '../../../miniprogram/live/core/likes'
import { LIKES_BATCH_MAX, likesCommandText } from '../../../miniprogram/contract/likes-rules'

const ctx = useLiveFakes()
let likes: FakeLikes
let timer: ManualTimer

beforeEach(() => {
  likes = installLikes(ctx.server)
  timer = manualTimer()
  likeSending.timer = timer
  liveFrame.reset()
  liveFrame.timer = timer
  liveFrame.intervalMs = 200
})

afterEach(() => {
  likeSending.timer = systemTimer
  liveFrame.reset()
  liveFrame.timer = systemTimer
  liveFrame.intervalMs = 0
})

const countText = (page: SimPage): string => words(required(page.querySelector('#likes >>> .like-button__count'), 'like count'))
const hearts = (page: SimPage): number => page.querySelectorAll('#likes >>> .like-button__heart').length
const failureText = (page: SimPage): string => {
  const node = page.querySelector('#likes >>> .like-button__failure')
  return node ? words(node) : ''
}

async function tap(page: SimPage, times = 1): Promise<void> {
  const button = required(page.querySelector('#likes >>> .like-button'), 'like button')
  for (let i = 0; i < times; i++) button.dispatchEvent('tap')
  await settle()
}

/** Moves the page's clock in 100 ms steps, letting answers arrive between them. */
async function pass(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    timer.advance(100)
    await settle()
  }
}

/**
 * A page is open once its views have their first data: the page and its components take turns in
 * the room's one frame, a turn each 200 ms of the page's clock.
 */
async function opened(opening: Promise<SimPage>): Promise<SimPage> {
  const page = await opening
  await pass(1000)
  return page
}

const batchRequests = (): unknown[] => ctx.server.requests.filter((r) => r.method === 'POST' && r.path === `/api/rooms/${ROOM}/likes`).map((r) => r.body)

describe('like button', () => {
  it('shows a heart and the count at once on a tap, and sends the taps of a second as one batch', async () => {
    const page = await opened(openViewer())
    expect(countText(page)).toBe('0')
    await tap(page)
    expect([countText(page), hearts(page)]).toEqual(['1', 1])
    expect(batchRequests()).toEqual([])
    await tap(page, 4)
    await pass(200)
    expect(countText(page)).toBe('5')
    await pass(800)
    expect(batchRequests()).toEqual([{ count: 5 }])
    expect(likes.totals.get(ROOM)).toBe(5)
    closePage(page)
  })

  it('sends 40 taps a second for 3 seconds as at most one batch a second, none over the batch limit, losing none', async () => {
    const page = await opened(openViewer())
    const sentAt: number[] = []
    let clock = 0
    for (let tenth = 0; tenth < 30; tenth++) {
      const before = batchRequests().length
      await tap(page, 4)
      timer.advance(100)
      clock += 100
      await settle()
      if (batchRequests().length > before) sentAt.push(clock)
    }
    await pass(3000)
    const counts = batchRequests().map((b) => (b as { count: number }).count)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(120)
    expect(Math.max(...counts)).toBeLessThanOrEqual(LIKES_BATCH_MAX)
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(1000)
    expect(countText(page)).toBe('120')
    // At most four hearts float at once, however fast the taps.
    expect(hearts(page)).toBeLessThanOrEqual(4)
    closePage(page)
  })

  it("raises the count to the server's announced total, only from the server, only for this room, never down", async () => {
    const page = await opened(openViewer())
    announceLikes(ROOM, 1200)
    await pass(200)
    expect(countText(page)).toBe('1200')
    announceLikes(ROOM, 900)
    currentEngine().customCommand('viewer-evil', likesCommandText(ROOM, 99_999))
    currentEngine().customCommand('system', likesCommandText('other-room', 88_888))
    currentEngine().customCommand('system', 'not json')
    await pass(400)
    expect(countText(page)).toBe('1200')
    announceLikes(ROOM, 15_300)
    await pass(200)
    expect(countText(page)).toBe('1.5万')
    closePage(page)
  })

  it('starts a late joiner from the total the server has', async () => {
    likes.totals.set(ROOM, 4321)
    const page = await opened(openViewer())
    await pass(200)
    expect(countText(page)).toBe('4321')
    expect(ctx.server.paths()).toContain(`GET /api/rooms/${ROOM}/likes`)
    closePage(page)
  })

  it("shows the anchor the room's total as viewers' batches are announced", async () => {
    likes.totals.set(ROOM, 10)
    const page = await opened(openAnchor(ctx.server))
    await pass(200)
    expect(countText(page)).toBe('10')
    expect(page.querySelector('#likes >>> .like-button--readonly')).not.toBeNull()
    // Other viewers' batches reach the server, which announces the total to the room.
    announceLikes(ROOM, 37)
    await pass(200)
    expect(countText(page)).toBe('37')
    // The console's heart is not a like button: tapping it sends nothing.
    await tap(page, 3)
    await pass(1200)
    expect([countText(page), batchRequests()]).toEqual(['37', []])
    expect(currentEngine().user?.userID).toBe(ANCHOR)
    closePage(page)
  })

  it('carries taps over a network failure into the next batch, and says so when the room stops taking them', async () => {
    const page = await opened(openViewer())
    ctx.server.failNetwork = 1
    await tap(page, 3)
    await pass(1000)
    await tap(page, 2)
    await pass(1200)
    expect(batchRequests()).toEqual([{ count: 3 }, { count: 5 }])
    expect(likes.totals.get(ROOM)).toBe(5)
    expect(failureText(page)).toBe('')

    ctx.server.failures.set(`POST /api/rooms/${ROOM}/likes`, { status: 409, body: { error: 'room_not_live', message: 'likes are open only during a live' } })
    await tap(page, 2)
    await pass(1200)
    expect(failureText(page)).toBe('点赞没有送达，请稍后再点')
    await pass(3000)
    // Given up: nothing is sent again for those taps.
    expect(batchRequests()).toHaveLength(3)
    closePage(page)
  })

  it('offers no like button while the room is not live', async () => {
    ctx.server.setRoomStatus(ROOM, 'scheduled')
    const page = await opened(openViewer())
    expect(page.querySelector('#likes') ?? null).toBeNull()
    closePage(page)
  })

  it('reads totals as WeChat counters do', () => {
    expect([likesText(0), likesText(9999), likesText(10_000), likesText(12_345), likesText(99_999_999), likesText(123_456_789)]).toEqual(['0', '9999', '1万', '1.2万', '10000万', '1.2亿'])
  })
})
