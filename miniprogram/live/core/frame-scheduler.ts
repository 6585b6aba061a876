/**
 * One flush slot shared by every part of a live page (the page and each of its components), so the
 * setData budget holds for the room as a whole, not per part: at most one setData call per
 * `intervalMs` (200 ms: five a second) across all of them, however many sources change.
 *
 * Each part registers a slot. A slot gathers what its view should show next, either posted paths
 * (merged, the latest value of a key wins) or a `collect` function that computes the patch from
 * the state at flush time (a list's changed paths). Asking for a turn queues the slot; a turn
 * writes the first queued slot whose patch still changes its view (keys equal to what the view
 * holds are dropped, so no call carries unchanged data) and then the scheduler waits `intervalMs`
 * before the next. Idle, a request flushes in a microtask (at once to the eye, so a tap shows
 * without delay, yet after the store action and service call that caused it have finished, as
 * the bindings' own nextTick did); busy, parts take turns in the order they asked (urgent ones,
 * the person's own gestures, first).
 *
 * `intervalMs = 0` (tests) writes every queued slot in each turn.
 * Pure: no wx.*; the timer is injectable so tests and the benchmark drive time themselves.
 */
import { systemTimer, type BatchTimer } from './list-batcher'

export type FramePatch = Record<string, unknown>

/** What a slot writes to: a page or component instance. */
export interface FrameView {
  readonly data: object
  setData(patch: FramePatch, callback?: () => void): void
}

/** The value at a setData path ('messages[41]', 'a.b') in `data`; undefined when absent. */
export function valueAtPath(data: object, path: string): unknown {
  let node: unknown = data
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The keys of `patch` whose value differs from what `data` holds at that path. */
export function changedOnly(data: object, patch: FramePatch): FramePatch {
  const out: FramePatch = {}
  for (const key of Object.keys(patch)) if (!sameValue(valueAtPath(data, key), patch[key])) out[key] = patch[key]
  return out
}

export class FrameSlot {
  private posted: FramePatch = {}
  private callbacks: Array<() => void> = []
  queued = false
  live = true

  constructor(
    private readonly frame: FrameScheduler,
    readonly view: FrameView,
    private readonly collect?: () => FramePatch,
  ) {}

  /**
   * Merges `patch` into what this view gets at its next turn and asks for one. Setting a whole
   * field drops pending paths inside it; a key posted again moves after the others, so the order
   * setData applies them in is the order they were posted. `then` runs once the view has it.
   */
  post(patch: FramePatch, options: { urgent?: boolean; then?: () => void } = {}): void {
    if (!this.live) return
    for (const key of Object.keys(patch)) {
      delete this.posted[key]
      if (/^[\w$]+$/.test(key)) {
        for (const k of Object.keys(this.posted)) if (k.startsWith(`${key}[`) || k.startsWith(`${key}.`)) delete this.posted[k]
      }
      this.posted[key] = patch[key]
    }
    if (options.then) this.callbacks.push(options.then)
    this.frame.request(this, options.urgent === true)
  }

  /** The state `collect` reads changed: ask for a turn. */
  request(): void {
    if (this.live) this.frame.request(this, false)
  }

  /** Pending `then` callbacks will not run (what they were for was called off). */
  dropCallbacks(): void {
    this.callbacks = []
  }

  /** The view is going away: nothing pending may reach it. */
  dispose(): void {
    this.live = false
    this.posted = {}
    this.callbacks = []
    this.frame.forget(this)
  }

  /** Writes what changed; answers whether a setData call was made. */
  write(): boolean {
    const patch = this.posted
    const callbacks = this.callbacks
    this.posted = {}
    this.callbacks = []
    if (this.collect) Object.assign(patch, this.collect())
    const changed = changedOnly(this.view.data, patch)
    const done = (): void => {
      for (const run of callbacks) run()
    }
    if (Object.keys(changed).length === 0) {
      done()
      return false
    }
    this.view.setData(changed, callbacks.length > 0 ? done : undefined)
    return true
  }
}

export class FrameScheduler {
  intervalMs: number
  timer: BatchTimer
  private queue: FrameSlot[] = []
  private handle: unknown = null
  private flushing = false
  /** A turn is due in a microtask (the frame was idle when asked). */
  private soon = false

  constructor(options: { intervalMs: number; timer?: BatchTimer }) {
    this.intervalMs = options.intervalMs
    this.timer = options.timer ?? systemTimer
  }

  /** Registers a view; `collect` (optional) computes its patch at each of its turns. */
  slot(view: FrameView, collect?: () => FramePatch): FrameSlot {
    return new FrameSlot(this, view, collect)
  }

  request(slot: FrameSlot, urgent: boolean): void {
    if (!slot.queued) {
      slot.queued = true
      if (urgent) this.queue.unshift(slot)
      else this.queue.push(slot)
    } else if (urgent) {
      this.queue.splice(this.queue.indexOf(slot), 1)
      this.queue.unshift(slot)
    }
    if (this.handle !== null || this.flushing || this.soon) return
    this.soon = true
    void Promise.resolve().then(() => {
      this.soon = false
      if (this.handle === null && !this.flushing) this.turn()
    })
  }

  forget(slot: FrameSlot): void {
    const i = this.queue.indexOf(slot)
    if (i >= 0) this.queue.splice(i, 1)
    slot.queued = false
  }

  /** Slots waiting for a turn (tests). */
  pending(): number {
    return this.queue.length
  }

  /** Drops every queued turn and the wait (a test starts afresh, or the timer is swapped). */
  reset(): void {
    if (this.handle !== null) this.timer.cancel(this.handle)
    this.handle = null
    for (const slot of this.queue) slot.queued = false
    this.queue = []
  }

  private turn(): void {
    const every = this.intervalMs <= 0
    let wrote = false
    this.flushing = true
    try {
      while (this.queue.length > 0) {
        const slot = this.queue.shift()!
        slot.queued = false
        if (slot.write()) {
          wrote = true
          if (!every) break
        }
      }
    } finally {
      this.flushing = false
    }
    // Only a write uses the budget: the next one waits a whole interval after it.
    if (wrote) {
      this.handle = this.timer.start(() => {
        this.handle = null
        if (this.queue.length > 0) this.turn()
      }, this.intervalMs)
    }
  }
}

/** The live subpackage's pages and components share this one: a page shows one room at a time. */
export const liveFrame = new FrameScheduler({ intervalMs: 200 })
