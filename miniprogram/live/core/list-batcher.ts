/**
 * Turns a high-frequency list (live comments) into few, small setData patches, over a bounded
 * window: the view's array is a ring of at most `window` slots and a `head` (the slot of the oldest
 * entry once the ring is full); WXML shows slot `(head + i) % length` at position i.
 * - each new entry goes out as one path into its slot, `{'messages[41]': …}`: into the next free
 *   slot while the ring fills, then over the oldest entry, with the new `head`; an entry whose
 *   object changed under the same ID goes out as its own slot's path;
 * - so under any load a patch carries only the entries new since the view's last turn, never the
 *   list, and the view never holds more than `window` entries;
 * - one replacement, `{messages: […], head: 0}`, only when the list changed in another way
 *   (cleared, reordered, an ID seen again, more than a window since the last turn).
 * Pure: no wx.*. `BatchTimer` is the injectable timer the live page's batching runs on.
 */

export interface Keyed {
  readonly id: string
}

export interface BatchTimer {
  start(run: () => void, ms: number): unknown
  cancel(handle: unknown): void
}

export const systemTimer: BatchTimer = {
  start: (run, ms) => setTimeout(run, ms),
  cancel: (handle) => clearTimeout(handle as number),
}

/** A setData payload: paths to single slots and the head, or the fields themselves when replaced. */
export type ListPatch<T> = Record<string, T | readonly T[] | number>

/** What the view holds: its slots, and where the oldest is once they are all used. */
export interface RingView<T> {
  readonly slots: readonly T[]
  readonly head: number
}

export interface RingPlan<T> {
  patch: ListPatch<T>
  view: RingView<T>
  replaced: boolean
}

/** The entries of a ring view, oldest first. */
export function ringOrder<T>(view: RingView<T>): T[] {
  const n = view.slots.length
  return Array.from({ length: n }, (_, i) => view.slots[(view.head + i) % n]!)
}

/**
 * The patch turning the view's ring into one that shows `next` (the source's newest entries, at
 * most `window`), oldest first. `field` is the array, `headField` the head.
 */
export function planRingPatch<T extends Keyed>(view: RingView<T>, next: readonly T[], field: string, headField: string, window: number): RingPlan<T> {
  const replace = (): RingPlan<T> => {
    const list = next.slice(-window)
    return { patch: { [field]: list, [headField]: 0 }, view: { slots: list, head: 0 }, replaced: true }
  }
  const shown = ringOrder(view)
  if (next.length === 0) return shown.length === 0 ? { patch: {}, view, replaced: false } : replace()
  if (next.length > window) return replace()

  // The newest entry the view shows, in `next`; everything before it must be what the view shows last.
  let k = -1
  if (shown.length > 0) {
    const lastId = shown[shown.length - 1]!.id
    for (let j = next.length - 1; j >= 0; j--) {
      if (next[j]!.id === lastId) {
        k = j
        break
      }
    }
    if (k === -1 || k + 1 > shown.length) return replace()
  }
  const fresh = next.length - (k + 1)
  if (Math.min(window, shown.length + fresh) !== next.length) return replace()

  const slots = [...view.slots]
  let head = view.head
  const patch: ListPatch<T> = {}
  const n = slots.length
  for (let j = 0; j <= k; j++) {
    const slot = (view.head + shown.length - 1 - (k - j)) % n
    if (slots[slot]!.id !== next[j]!.id) return replace()
    if (slots[slot] !== next[j]) {
      slots[slot] = next[j]!
      patch[`${field}[${slot}]`] = next[j]!
    }
  }
  const known = new Set(shown.map((x) => x.id))
  for (let j = k + 1; j < next.length; j++) {
    const entry = next[j]!
    if (known.has(entry.id)) return replace()
    let slot: number
    if (slots.length < window) {
      slot = slots.length
      slots.push(entry)
    } else {
      slot = head
      slots[slot] = entry
      head = (head + 1) % window
    }
    patch[`${field}[${slot}]`] = entry
  }
  if (head !== view.head) patch[headField] = head
  return { patch, view: { slots, head }, replaced: false }
}

/**
 * What the ring view of one list holds, and the patch that brings it to the latest snapshot:
 * `update` as often as the source changes, `take` at the view's turn (only the last snapshot
 * before a take matters).
 */
export class RingDiff<T extends Keyed> {
  private view: RingView<T> = { slots: [], head: 0 }
  private latest: readonly T[] | null = null

  constructor(
    private readonly field: string,
    private readonly headField: string,
    /** How many entries the view shows at most (the source's cap). */
    private readonly window: number,
  ) {}

  update(list: readonly T[]): void {
    this.latest = list
  }

  /** The patch for the view (empty when nothing changed); the view is assumed to apply it. */
  take(): ListPatch<T> {
    const next = this.latest
    this.latest = null
    if (next === null) return {}
    const plan = planRingPatch(this.view, next, this.field, this.headField, this.window)
    this.view = plan.view
    return plan.patch
  }
}
