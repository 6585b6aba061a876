/**
 * Turns a high-frequency list (live comments) into few, small setData patches.
 *
 * A view shows the newest `window` entries of its array (`index >= list.length - window` in WXML).
 * Each flush (its view's turn in the page's frame, core/frame-scheduler.ts) compares the latest
 * list with what the view holds:
 * - entries appended at the end go out as paths, `{'messages[41]': …, 'messages[42]': …}`, and an
 *   entry whose object changed under the same ID as its own path;
 * - entries the source dropped from the front (its cap) stay in the view's array, hidden by the
 *   window, so dropping costs nothing per message;
 * - one replacement of the whole list, `{messages: […]}`, when the view's array would grow past
 *   twice the window (compaction: once per `window` messages under steady load), or when the list
 *   changed in any other way (cleared, reordered, an ID seen again, more than a window in one go).
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

/** A setData payload: paths to single entries, or the field itself when replaced. */
export type ListPatch<T> = Record<string, T | readonly T[]>

export interface ListPlan<T> {
  patch: ListPatch<T>
  /** What the view's array holds once the patch is applied. */
  view: readonly T[]
  replaced: boolean
}

/** The patch turning the view's array into one whose newest `window` entries are `next`. */
export function planListPatch<T extends Keyed>(view: readonly T[], next: readonly T[], field: string, window: number): ListPlan<T> {
  const replace = (): ListPlan<T> => ({ patch: { [field]: next }, view: next, replaced: true })
  if (next.length === 0) return view.length === 0 ? { patch: {}, view, replaced: false } : replace()
  if (next.length > window) return replace()

  // Where `next` begins in the view: the overlap must match ID for ID, then new entries follow.
  let start = view.length
  for (let i = view.length - 1; i >= 0; i--) {
    if (view[i].id === next[0].id) {
      start = i
      break
    }
  }
  const overlap = view.length - start
  if (overlap > next.length) return replace()
  for (let j = 0; j < overlap; j++) if (view[start + j].id !== next[j].id) return replace()

  const length = start + next.length
  // The window must show exactly `next`: nothing older may remain visible.
  if (Math.min(length, window) !== next.length || length > 2 * window) return replace()
  const known = new Set(view.map((x) => x.id))
  for (let j = overlap; j < next.length; j++) if (known.has(next[j].id)) return replace()

  const patch: ListPatch<T> = {}
  for (let j = 0; j < next.length; j++) {
    if (j >= overlap || view[start + j] !== next[j]) patch[`${field}[${start + j}]`] = next[j]
  }
  return { patch, view: [...view.slice(0, start), ...next], replaced: false }
}

/**
 * What the view of one list holds, and the patch that brings it to the latest snapshot: `update`
 * as often as the source changes, `take` when the view gets its turn (only the last snapshot
 * before a take matters).
 */
export class ListDiff<T extends Keyed> {
  private view: readonly T[] = []
  private latest: readonly T[] | null = null

  constructor(
    private readonly field: string,
    /** How many of the newest entries the view shows (the source's cap). */
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
    const plan = planListPatch(this.view, next, this.field, this.window)
    this.view = plan.view
    return plan.patch
  }
}
