import { RingDiff, planRingPatch, ringOrder, type ListPatch, type RingView } from '../../../miniprogram/live/core/list-batcher'

interface Item {
  id: string
  text: string
}

const item = (n: number, text = `t${n}`): Item => ({ id: `m${n}`, text })
const range = (from: number, to: number): Item[] => Array.from({ length: to - from }, (_, i) => item(from + i))
const empty: RingView<Item> = { slots: [], head: 0 }

/** Applies a patch the way setData does, to a plain copy of the view's data. */
function apply(data: { messages: Item[]; head: number }, patch: ListPatch<Item>): void {
  for (const [key, value] of Object.entries(patch)) {
    const path = /^messages\[(\d+)\]$/.exec(key)
    if (path) data.messages[Number(path[1])] = value as Item
    else if (key === 'messages') data.messages = [...(value as Item[])]
    else data.head = value as number
  }
}
const shown = (data: { messages: Item[]; head: number }): Item[] => ringOrder({ slots: data.messages, head: data.head })

describe('planRingPatch', () => {
  it('appends new entries as paths into free slots while the ring fills', () => {
    const first = planRingPatch(empty, range(0, 3), 'messages', 'head', 4)
    expect(first.patch).toEqual({ 'messages[0]': item(0), 'messages[1]': item(1), 'messages[2]': item(2) })
    const list = [...first.view.slots, item(3)]
    expect(planRingPatch(first.view, list, 'messages', 'head', 4).patch).toEqual({ 'messages[3]': item(3) })
  })

  it('overwrites the oldest slots once full and moves the head: never the whole list', () => {
    const all = range(0, 9)
    const full = planRingPatch(empty, all.slice(0, 4), 'messages', 'head', 4).view
    const plan = planRingPatch(full, all.slice(2, 6), 'messages', 'head', 4)
    expect(plan.patch).toEqual({ 'messages[0]': item(4), 'messages[1]': item(5), head: 2 })
    expect(ringOrder(plan.view)).toEqual(range(2, 6))
    const again = planRingPatch(plan.view, all.slice(5, 9), 'messages', 'head', 4)
    expect(again.patch).toEqual({ 'messages[2]': item(6), 'messages[3]': item(7), 'messages[0]': item(8), head: 1 })
    expect(ringOrder(again.view)).toEqual(range(5, 9))
  })

  it('sends nothing for an unchanged list, and a slot path for an entry whose object changed', () => {
    const list = range(0, 3)
    const view = planRingPatch(empty, list, 'messages', 'head', 4).view
    expect(planRingPatch(view, [...list], 'messages', 'head', 4).patch).toEqual({})
    const edited = [list[0]!, item(1, 'edited'), list[2]!]
    expect(planRingPatch(view, edited, 'messages', 'head', 4).patch).toEqual({ 'messages[1]': item(1, 'edited') })
  })

  it('replaces the ring when the list changed another way: cleared, reordered, an ID again, more than a window since', () => {
    const view = planRingPatch(empty, range(0, 4), 'messages', 'head', 4).view
    expect(planRingPatch(view, [], 'messages', 'head', 4).patch).toEqual({ messages: [], head: 0 })
    expect(planRingPatch(view, [item(1), item(0), item(2), item(3)], 'messages', 'head', 4).replaced).toBe(true)
    expect(planRingPatch(view, [...range(1, 4), item(0)], 'messages', 'head', 4).replaced).toBe(true)
    expect(planRingPatch(view, range(10, 14), 'messages', 'head', 4).patch).toEqual({ messages: range(10, 14), head: 0 })
    // The source dropped one without adding: the ring would show one too many.
    expect(planRingPatch(view, range(1, 4), 'messages', 'head', 4).patch).toEqual({ messages: range(1, 4), head: 0 })
  })
})

describe('RingDiff', () => {
  it('takes the latest snapshot only, and nothing when nothing changed', () => {
    const diff = new RingDiff<Item>('messages', 'head', 100)
    expect(diff.take()).toEqual({})
    const list = [item(0), item(1)]
    diff.update(list.slice(0, 1))
    diff.update(list)
    expect(diff.take()).toEqual({ 'messages[0]': item(0), 'messages[1]': item(1) })
    expect(diff.take()).toEqual({})
    diff.update([...list])
    expect(diff.take()).toEqual({})
  })

  it('under a capped source sends each entry once, as a slot path, the view always showing the source', () => {
    const diff = new RingDiff<Item>('messages', 'head', 10)
    const data = { messages: [] as Item[], head: 0 }
    const taken: ListPatch<Item>[] = []
    let all: Item[] = []
    for (let i = 0; i < 63; i++) {
      all = [...all, item(i)].slice(-10)
      diff.update(all)
      if (i % 4 === 3 || i === 62) {
        const patch = diff.take()
        taken.push(patch)
        apply(data, patch)
        expect(shown(data)).toEqual(all)
        expect(data.messages.length).toBeLessThanOrEqual(10)
      }
    }
    expect(taken.filter((p) => 'messages' in p)).toEqual([])
    expect(taken.flatMap((p) => Object.keys(p).filter((k) => k !== 'head'))).toHaveLength(63)
  })
})
