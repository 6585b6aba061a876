/**
 * High-frequency sources (quality once a second per stream, online count) reach the page as a
 * bounded number of setData calls carrying small derived values.
 */
import simulate from 'miniprogram-simulate'
import {
  ANCHOR,
  ROOM,
  STREAM,
  closePage,
  componentState,
  currentEngine,
  explainCardText,
  livePusher,
  methods,
  openLivePage,
  settle,
  stockShelf,
  text,
  threeGoods,
  useLiveFakes,
  type SimPage,
} from '../../helpers/live'
import { publishStats } from '../../fakes/zego-engine'
import { onlineCountIntervalMs } from '../../../miniprogram/services/zego'

const ctx = useLiveFakes()

/** Counts setData calls on the page and records the keys each one carried. */
function countSetData(page: SimPage): { calls: string[][] } {
  const inst = page.instance as unknown as { setData: (d: Record<string, unknown>, cb?: () => void) => void }
  const original = inst.setData.bind(inst)
  const seen = { calls: [] as string[][] }
  inst.setData = (data, cb) => {
    seen.calls.push(Object.keys(data))
    original(data, cb)
  }
  return seen
}

async function liveAnchor(): Promise<SimPage> {
  ctx.server.userId = ANCHOR
  ctx.server.role = 'anchor'
  const page = openLivePage('live/anchor/index', { roomId: ROOM })
  await settle()
  methods<{ onStatusAction(): void }>(page).onStatusAction()
  await settle()
  componentState(livePusher(page), 1002)
  await settle()
  return page
}

describe('setData budget', () => {
  it('100 quality samples at a steady level cost no setData; a level change costs one', async () => {
    const page = await liveAnchor()
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
    const page = await liveAnchor()
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
    const page = openLivePage('live/viewer/index', { roomId: ROOM })
    await settle()
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
