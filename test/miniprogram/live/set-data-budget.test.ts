/**
 * High-frequency sources (quality once a second per stream, online count, comments) reach the page
 * as a bounded number of setData calls carrying small derived values or changed list paths.
 */
import simulate from 'miniprogram-simulate'
import {
  STREAM,
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
import { barrageMessage, publishStats } from '../../fakes/zego-fixtures'
import { chatPanelFlush } from '../../../miniprogram/live/components/chat-panel/flush'
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
    chatPanelFlush.timer = timer
    chatPanelFlush.intervalMs = 200
  })
  afterEach(() => {
    chatPanelFlush.timer = systemTimer
    chatPanelFlush.intervalMs = 0
  })

  /** `count` comments, one every 5 ms of the panel's clock: a second's worth for 200. */
  function comments(from: number, count: number): void {
    for (let i = from; i < from + count; i++) {
      currentEngine().comments([barrageMessage(`m${i}`, `第${i}条`, 'user-1234')])
      timer.advance(5)
    }
    timer.advance(200)
  }

  const pathOnly = (keys: string[]): boolean => keys.length > 0 && keys.every((k) => /^messages\[\d+\]$/.test(k))

  it('200 comments within one second cost at most 6 setData on the panel, each carrying only messages[i] paths', async () => {
    const page = await openViewer()
    timer.advance(200)
    const panel = page.querySelector('#chat')
    if (!panel) throw new Error('chat panel not rendered')
    const seen = countSetData(panel)

    comments(0, 200)
    await settle()
    expect(seen.calls.length).toBeGreaterThanOrEqual(5)
    expect(seen.calls.length).toBeLessThanOrEqual(6)
    expect(seen.calls.every(pathOnly)).toBe(true)
    // Each comment travelled once, at its own index.
    expect(seen.calls.flat().sort((a, b) => a.length - b.length || (a < b ? -1 : 1))).toEqual(Array.from({ length: 200 }, (_, i) => `messages[${i}]`))
    const lines = chatLines(page)
    expect([lines.length, lines[0], lines[99]]).toEqual([100, '观众1234 第100条', '观众1234 第199条'])

    // Sustained: the dropped ones stay hidden in the view until the array holds twice the cap,
    // then one replacement compacts it; everything else is still paths only.
    seen.calls.length = 0
    seen.payloads.length = 0
    comments(200, 200)
    await settle()
    expect(seen.calls.length).toBeLessThanOrEqual(6)
    const replacements = seen.payloads.filter((p) => 'messages' in p)
    expect(replacements.length).toBeGreaterThanOrEqual(1)
    expect(replacements.length).toBeLessThanOrEqual(2)
    for (const r of replacements) {
      expect(Object.keys(r)).toEqual(['messages'])
      expect((r.messages as unknown[]).length).toBe(100)
    }
    expect(seen.calls.filter((keys) => !keys.includes('messages')).every(pathOnly)).toBe(true)
    const after = chatLines(page)
    expect([after.length, after[0], after[99]]).toEqual([100, '观众1234 第300条', '观众1234 第399条'])
    closePage(page)
    expect(timer.pending()).toBe(0)
  })
})
