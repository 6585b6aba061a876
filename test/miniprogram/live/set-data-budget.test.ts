/**
 * High-frequency sources (quality once a second per stream, online count, comments) reach the page
 * as a bounded number of setData calls carrying small derived values or changed list paths.
 */
import simulate from 'miniprogram-simulate'
import {
  STREAM,
  ROOM,
  closePage,
  currentEngine,
  explainCardText,
  openLiveAnchor,
  openViewer,
  settle,
  stockShelf,
  text,
  threeGoods,
  useLiveFakes,
  type SimPage,
} from '../../helpers/live'
import { chatLines, manualTimer, type ManualTimer } from '../../helpers/live-chat'
import { publishStats } from '../../fakes/zego-fixtures'
import { serverCommentBatch } from '../../fakes/server-comment-batch'
import { liveFrame } from '../../../miniprogram/live/core/frame-scheduler'
import { systemTimer } from '../../../miniprogram/live/core/list-batcher'
import { onlineCountIntervalMs } from '../../../miniprogram/live/services/zego'

const ctx = useLiveFakes()

/** Counts setData calls on the page (or one of its components) and records the keys each one carried. */
function countSetData(page: Pick<SimPage, 'instance'>): { calls: string[][]; payloads: Record<string, unknown>[] } {
  const inst = page.instance as unknown as { setData: (d: Record<string, unknown>, cb?: () => void) => void }
  const original = inst.setData.bind(inst)
  const seen = { calls: [] as string[][], payloads: [] as Record<string, unknown>[] }
  inst.setData = (data, cb) => {
    seen.calls.push(Object.keys(data))
    seen.payloads.push(data)
    original(data, cb)
  }
  return seen
}

describe('setData budget', () => {
  it('100 quality samples at a steady level cost no setData; a level change costs one', async () => {
    const page = await openLiveAnchor(ctx.server)
    currentEngine().fire('publishQualityUpdate', STREAM, publishStats(25, 0))
    await settle()
    expect(text(page)).toContain('网络良好')
    const seen = countSetData(page)
    for (let i = 0; i < 100; i++) {
      currentEngine().fire('publishQualityUpdate', STREAM, publishStats(24 + (i % 3), 0.001 * (i % 5)))
      await simulate.sleep(0)
    }
    expect(seen.calls).toEqual([])
    currentEngine().fire('publishQualityUpdate', STREAM, publishStats(3, 0.2))
    await settle()
    expect(seen.calls).toEqual([['qualityLevel', 'qualityText']])
    expect(text(page)).toContain('网络较差')
    closePage(page)
  })

  it(`100 online-count updates within ${onlineCountIntervalMs} ms cost at most two setData`, async () => {
    const page = await openLiveAnchor(ctx.server)
    const seen = countSetData(page)
    for (let i = 1; i <= 100; i++) {
      currentEngine().onlineCount(i * 7)
      await simulate.sleep(0)
    }
    await simulate.sleep(onlineCountIntervalMs + 50)
    const onlineWrites = seen.calls.filter((keys) => keys.includes('onlineText'))
    expect(onlineWrites.length).toBeGreaterThanOrEqual(1)
    expect(onlineWrites.length).toBeLessThanOrEqual(2)
    // Only the derived text travels, and the last value wins.
    expect(seen.calls.flat().filter((k) => k !== 'durationText')).toEqual(onlineWrites.flat())
    expect(text(page)).toContain('700人在看')
    closePage(page)
  })

  it('50 room extra info updates naming the same goods cost no setData after the first', async () => {
    stockShelf(ctx.server, threeGoods())
    const page = await openViewer()
    currentEngine().extraInfoUpdated('explain', 'g2')
    await settle()
    expect(explainCardText(page)).toContain('保温杯')
    const seen = countSetData(page)
    for (let i = 0; i < 50; i++) {
      currentEngine().extraInfoUpdated('explain', 'g2')
      await simulate.sleep(0)
    }
    await settle()
    expect(seen.calls).toEqual([])
    currentEngine().extraInfoUpdated('explain', 'g3')
    await settle()
    expect(seen.calls).toEqual([['explainingGoods']])
    closePage(page)
  })
})

describe('chat panel setData budget', () => {
  let timer: ManualTimer
  beforeEach(() => {
    timer = manualTimer()
    liveFrame.reset()
    liveFrame.timer = timer
    liveFrame.intervalMs = 200
  })
  afterEach(() => {
    liveFrame.reset()
    liveFrame.timer = systemTimer
    liveFrame.intervalMs = 0
  })

  /** `count` comments, one every 5 ms of the panel's clock: a second's worth for 200. */
  async function comments(from: number, count: number): Promise<void> {
    for (let i = from; i < from + count; i++) {
      currentEngine().comments([serverCommentBatch(ROOM, [[`m${i}`, `第${i}条`, 'user-1234']])])
      // The frame's idle write runs in a microtask, as it would between two ZEGO callbacks.
      await Promise.resolve()
      timer.advance(5)
    }
    timer.advance(200)
  }

  const pathOnly = (keys: string[]): boolean => keys.length > 0 && keys.every((k) => /^messages\[\d+\]$/.test(k) || k === 'head')

  it('200 comments within one second cost at most 6 setData on the panel, each carrying only messages[i] slot paths', async () => {
    const page = await openViewer()
    timer.advance(1000)
    const panel = page.querySelector('#chat')
    if (!panel) throw new Error('chat panel not rendered')
    const seen = countSetData(panel)

    await comments(0, 200)
    await settle()
    expect(seen.calls.length).toBeGreaterThanOrEqual(5)
    expect(seen.calls.length).toBeLessThanOrEqual(6)
    expect(seen.calls.every(pathOnly)).toBe(true)
    // Each comment travelled once, into one of the 100 slots of the ring: twice round it.
    const slots = seen.calls.flat().filter((k) => k !== 'head')
    expect(slots).toHaveLength(200)
    expect(new Set(slots)).toEqual(new Set(Array.from({ length: 100 }, (_, i) => `messages[${i}]`)))
    const lines = chatLines(page)
    expect([lines.length, lines[0], lines[99]]).toEqual([100, '观众1234 第100条', '观众1234 第199条'])

    // Sustained: still slot paths only, never the whole list, and the view holds 100 at most.
    seen.calls.length = 0
    seen.payloads.length = 0
    await comments(200, 250)
    await settle()
    // 1.45 s of the panel's clock (250 comments 5 ms apart, then 200 ms): a turn each 200 ms at most.
    expect(seen.calls.length).toBeLessThanOrEqual(8)
    expect(seen.calls.every(pathOnly)).toBe(true)
    expect((panel.data as { messages: unknown[] }).messages).toHaveLength(100)
    const after = chatLines(page)
    expect([after.length, after[0], after[99]]).toEqual([100, '观众1234 第350条', '观众1234 第449条'])
    closePage(page)
    // Nothing is left waiting for a turn to reach the closed views.
    expect(liveFrame.pending()).toBe(0)
  })
})
