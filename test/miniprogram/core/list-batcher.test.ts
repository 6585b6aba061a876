import { ListDiff, planListPatch, type ListPatch } from '../../../miniprogram/live/core/list-batcher'

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

describe('ListDiff', () => {
  it('takes the latest snapshot only, as paths, and nothing when nothing changed', () => {
    const diff = new ListDiff<Item>('messages', 100)
    expect(diff.take()).toEqual({})
    const list = [item(0), item(1)]
    diff.update(list.slice(0, 1))
    diff.update(list)
    expect(diff.take()).toEqual({ 'messages[0]': item(0), 'messages[1]': item(1) })
    expect(diff.take()).toEqual({})
    diff.update([...list])
    expect(diff.take()).toEqual({})
  })

  it('under a capped source replaces the list once per window of dropped entries', () => {
    const diff = new ListDiff<Item>('messages', 10)
    const taken: ListPatch<Item>[] = []
    let all: Item[] = []
    for (let i = 0; i < 60; i++) {
      all = [...all, item(i)].slice(-10)
      diff.update(all)
      if (i % 4 === 3) taken.push(diff.take()) // four per turn
    }
    const replacements = taken.filter((p) => 'messages' in p)
    // 60 entries through a window of 10: the view array holds at most 20, so 40 drops → 4 compactions at most.
    expect(replacements.length).toBeGreaterThanOrEqual(3)
    expect(replacements.length).toBeLessThanOrEqual(5)
    expect(taken).toHaveLength(15)
  })
})
