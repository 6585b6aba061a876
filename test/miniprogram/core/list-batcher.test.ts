import { ListBatcher, planListPatch, type BatchTimer, type ListPatch } from '../../../miniprogram/live/core/list-batcher'

interface Item {
  id: string
  text: string
}

const item = (n: number, text = `t${n}`): Item => ({ id: `m${n}`, text })
const range = (from: number, to: number): Item[] => Array.from({ length: to - from }, (_, i) => item(from + i))

describe('planListPatch', () => {
  it('appends new entries as paths at their view index', () => {
    const view = range(0, 3)
    const plan = planListPatch(view, [...view, item(3), item(4)], 'messages', 100)
    expect(plan.patch).toEqual({ 'messages[3]': item(3), 'messages[4]': item(4) })
    expect(plan.replaced).toBe(false)
    expect(plan.view.map((x) => x.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
  })

  it('sends nothing for an unchanged list, and a path for an entry whose object changed', () => {
    const view = range(0, 3)
    expect(planListPatch(view, view, 'messages', 100).patch).toEqual({})
    const edited = item(1, 'edited')
    expect(planListPatch(view, [view[0], edited, view[2]], 'messages', 100).patch).toEqual({ 'messages[1]': edited })
  })

  it('keeps entries the source dropped from the front in the view (hidden by the window) and appends after them', () => {
    const view = range(0, 4) // window 4: full
    const plan = planListPatch(view, [...view.slice(2), item(4), item(5)], 'messages', 4)
    expect(plan.patch).toEqual({ 'messages[4]': item(4), 'messages[5]': item(5) })
    expect(plan.view.map((x) => x.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5'])
  })

  it('compacts with one replacement once the view would exceed twice the window', () => {
    const view = range(0, 8) // window 4: 4 hidden + 4 shown
    const next = [...view.slice(5), item(8)]
    const plan = planListPatch(view, next, 'messages', 4)
    expect(plan).toEqual({ patch: { messages: next }, view: next, replaced: true })
  })

  it.each([
    ['cleared', range(0, 3), []],
    ['reordered', range(0, 3), [item(1), item(0), item(2)]],
    ['an entry removed in the middle', range(0, 3), [item(0), item(2)]],
    ['a shorter list with nothing in common', range(0, 4), range(10, 13)],
    ['an ID the view still holds comes back', range(0, 4), [...range(2, 4), item(0)]],
  ])('replaces the list once when it was %s', (_what, view, next) => {
    const plan = planListPatch(view, next, 'messages', 4)
    expect(plan.replaced).toBe(true)
    expect(plan.patch).toEqual({ messages: next })
  })

  it('appends a whole new window to an empty view as paths', () => {
    const plan = planListPatch([], range(0, 4), 'messages', 4)
    expect(Object.keys(plan.patch)).toEqual(['messages[0]', 'messages[1]', 'messages[2]', 'messages[3]'])
  })
})

class TestTimer implements BatchTimer {
  now = 0
  private due: Array<{ handle: number; at: number; run: () => void }> = []
  private serial = 0
  start(run: () => void, ms: number): number {
    this.due.push({ handle: ++this.serial, at: this.now + ms, run })
    return this.serial
  }
  cancel(handle: unknown): void {
    this.due = this.due.filter((d) => d.handle !== handle)
  }
  advance(ms: number): void {
    this.now += ms
    for (const d of this.due.filter((x) => x.at <= this.now)) {
      this.cancel(d.handle)
      d.run()
    }
  }
  get pending(): number {
    return this.due.length
  }
}

describe('ListBatcher', () => {
  function setup(intervalMs = 200, window = 100) {
    const timer = new TestTimer()
    const flushed: ListPatch<Item>[] = []
    const batcher = new ListBatcher<Item>({ field: 'messages', window, intervalMs, timer, flush: (p) => flushed.push(p) })
    return { timer, flushed, batcher }
  }

  it('flushes at most once per interval, with the latest list', () => {
    const { timer, flushed, batcher } = setup()
    let list: Item[] = []
    for (let i = 0; i < 200; i++) {
      list = [...list, item(i)].slice(-100) // the source keeps its cap
      batcher.update(list)
      timer.advance(5)
    }
    timer.advance(200)
    expect(flushed).toHaveLength(5)
    expect(flushed.flatMap((p) => Object.keys(p))).toHaveLength(200)
    expect(flushed.every((p) => Object.keys(p).every((k) => /^messages\[\d+\]$/.test(k)))).toBe(true)
  })

  it('does not call flush when nothing changed', () => {
    const { timer, flushed, batcher } = setup()
    batcher.update([])
    timer.advance(200)
    expect(flushed).toEqual([])
  })

  it('flush() sends at once; dispose() cancels what is pending', () => {
    const { timer, flushed, batcher } = setup()
    batcher.update([item(0)])
    batcher.flush()
    expect(flushed).toEqual([{ 'messages[0]': item(0) }])
    expect(timer.pending).toBe(0)
    batcher.update([item(0), item(1)])
    expect(timer.pending).toBe(1)
    batcher.dispose()
    expect(timer.pending).toBe(0)
    timer.advance(1000)
    expect(flushed).toHaveLength(1)
  })

  it('under a capped source replaces the list once per window of dropped entries', () => {
    const { timer, flushed, batcher } = setup(200, 10)
    let all: Item[] = []
    for (let i = 0; i < 60; i++) {
      all = [...all, item(i)].slice(-10)
      batcher.update(all)
      timer.advance(50) // four per interval
    }
    timer.advance(200)
    const replacements = flushed.filter((p) => 'messages' in p)
    // 60 entries through a window of 10: the view array holds at most 20, so 40 drops → 4 compactions at most.
    expect(replacements.length).toBeGreaterThanOrEqual(3)
    expect(replacements.length).toBeLessThanOrEqual(5)
    expect(flushed.length).toBe(15)
  })
})
