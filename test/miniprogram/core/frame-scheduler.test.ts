import { FrameScheduler, changedOnly, type FramePatch, type FrameView } from '../../../miniprogram/live/core/frame-scheduler'
import type { BatchTimer } from '../../../miniprogram/live/core/list-batcher'

/** A timer the test moves; `writes` records every setData of every view with its time. */
class Clock implements BatchTimer {
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
    const until = this.now + ms
    for (;;) {
      const next = this.due.filter((d) => d.at <= until).sort((a, b) => a.at - b.at)[0]
      if (!next) break
      this.cancel(next.handle)
      this.now = next.at
      next.run()
    }
    this.now = until
  }
}

const writes: Array<{ view: string; at: number; patch: FramePatch }> = []

function view(name: string, clock: Clock, data: Record<string, unknown> = {}): FrameView & { data: Record<string, unknown> } {
  return {
    data,
    setData(patch, callback) {
      writes.push({ view: name, at: clock.now, patch })
      for (const [k, v] of Object.entries(patch)) data[k] = v
      callback?.()
    },
  }
}

beforeEach(() => {
  writes.length = 0
})

describe('FrameScheduler', () => {
  it('writes in a microtask when idle, then one view per interval across all views, each in the order it asked', async () => {
    const clock = new Clock()
    const frame = new FrameScheduler({ intervalMs: 200, timer: clock })
    const page = frame.slot(view('page', clock))
    const chat = frame.slot(view('chat', clock))
    const likes = frame.slot(view('likes', clock))
    page.post({ online: 1 })
    chat.post({ 'messages[0]': 'a' })
    likes.post({ text: '1' })
    chat.post({ 'messages[1]': 'b' })
    expect(writes).toEqual([])
    await Promise.resolve()
    expect(writes.map((w) => `${w.view}@${w.at}`)).toEqual(['page@0'])
    clock.advance(1000)
    expect(writes.map((w) => `${w.view}@${w.at}`)).toEqual(['page@0', 'chat@200', 'likes@400'])
    expect(writes[1]!.patch).toEqual({ 'messages[0]': 'a', 'messages[1]': 'b' })
    expect(frame.pending()).toBe(0)
  })

  it('never writes twice within an interval, however many views keep changing', async () => {
    const clock = new Clock()
    const frame = new FrameScheduler({ intervalMs: 200, timer: clock })
    const slots = ['page', 'chat', 'likes', 'explain'].map((n) => frame.slot(view(n, clock)))
    for (let ms = 0; ms < 3000; ms += 10) {
      slots.forEach((s, i) => s.post({ n: ms * 10 + i }))
      await Promise.resolve()
      clock.advance(10)
    }
    const perSecond = [0, 1, 2].map((s) => writes.filter((w) => Math.floor(w.at / 1000) === s).length)
    expect(perSecond).toEqual([5, 5, 5])
    for (let i = 1; i < writes.length; i++) expect(writes[i]!.at - writes[i - 1]!.at).toBeGreaterThanOrEqual(200)
    // Every view got turns.
    expect(new Set(writes.map((w) => w.view))).toEqual(new Set(['page', 'chat', 'likes', 'explain']))
  })

  it('drops keys the view already holds, skips a view with nothing left and gives its turn to the next', async () => {
    const clock = new Clock()
    const frame = new FrameScheduler({ intervalMs: 200, timer: clock })
    const page = frame.slot(view('page', clock, { title: '直播间', status: { text: '直播中' } }))
    const chat = frame.slot(view('chat', clock))
    page.post({ online: 1 })
    page.post({ title: '直播间', status: { text: '直播中' } })
    chat.post({ draft: 'hi' })
    await Promise.resolve()
    clock.advance(200)
    expect(writes.map((w) => [w.view, w.patch])).toEqual([
      ['page', { online: 1 }],
      ['chat', { draft: 'hi' }],
    ])
  })

  it('puts urgent posts first, keeps the latest value of a key, and a whole field replaces pending paths in it', async () => {
    const clock = new Clock()
    const frame = new FrameScheduler({ intervalMs: 200, timer: clock })
    const feed = frame.slot(view('feed', clock))
    const shelf = frame.slot(view('shelf', clock))
    feed.post({ n: 1 })
    await Promise.resolve()
    feed.post({ 'hearts[1]': 5 })
    feed.post({ hearts: [9] })
    feed.post({ n: 2 })
    shelf.post({ open: true }, { urgent: true })
    clock.advance(400)
    expect(writes.map((w) => [w.view, w.patch])).toEqual([
      ['feed', { n: 1 }],
      ['shelf', { open: true }],
      ['feed', { hearts: [9], n: 2 }],
    ])
  })

  it('collects computed patches at the turn, runs `then` after the write (or at once when nothing changed), and forgets disposed views', async () => {
    const clock = new Clock()
    const frame = new FrameScheduler({ intervalMs: 200, timer: clock })
    let latest = 0
    const counter = frame.slot(view('counter', clock, { url: 'rtmp://a' }), () => ({ count: latest }))
    const played: string[] = []
    counter.post({ url: 'rtmp://a' }, { then: () => played.push('same url') })
    await Promise.resolve()
    expect(played).toEqual(['same url'])
    latest = 3
    counter.request()
    counter.post({ url: 'rtmp://b' }, { then: () => played.push('new url') })
    clock.advance(200)
    expect(writes.map((w) => w.patch)).toEqual([{ count: 0 }, { url: 'rtmp://b', count: 3 }])
    expect(played).toEqual(['same url', 'new url'])
    latest = 4
    counter.request()
    counter.dispose()
    clock.advance(1000)
    expect(writes).toHaveLength(2)
  })

  it('with intervalMs 0 writes every queued view in each turn', async () => {
    const clock = new Clock()
    const frame = new FrameScheduler({ intervalMs: 0, timer: clock })
    const a = frame.slot(view('a', clock))
    const b = frame.slot(view('b', clock))
    a.post({ x: 1 })
    b.post({ y: 1 })
    await Promise.resolve()
    a.post({ x: 2 })
    b.post({ y: 2 })
    clock.advance(0)
    expect(writes.map((w) => [w.view, w.patch])).toEqual([
      ['a', { x: 1 }],
      ['b', { y: 1 }],
      ['a', { x: 2 }],
      ['b', { y: 2 }],
    ])
  })
})

describe('changedOnly', () => {
  it('compares by path and by value', () => {
    const data = { messages: [{ id: 'm1', text: 'a' }], n: 1, o: { a: [1] } }
    expect(changedOnly(data, { 'messages[0]': { id: 'm1', text: 'a' }, 'messages[1]': { id: 'm2', text: 'b' }, n: 1, o: { a: [1] }, p: 0 })).toEqual({
      'messages[1]': { id: 'm2', text: 'b' },
      p: 0,
    })
  })
})
