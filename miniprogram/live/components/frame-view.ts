/**
 * How a live page and its components write to their views: through their slot in the one shared
 * frame (core/frame-scheduler.ts), so the room as a whole makes at most five setData calls a
 * second. Store fields are bound here instead of through mobx-miniprogram-bindings, whose
 * per-component setData would bypass the shared budget.
 */
import { reaction, toJS } from 'mobx-miniprogram'
import { liveFrame, type FramePatch, type FrameSlot, type FrameView } from '../core/frame-scheduler'

const slots = new WeakMap<object, FrameSlot>()

/** The view's slot in the live frame, registered on first use; `collect` only counts then. */
export function frameSlotOf(view: FrameView, collect?: () => FramePatch): FrameSlot {
  let slot = slots.get(view)
  if (!slot || !slot.live) {
    slot = liveFrame.slot(view, collect)
    slots.set(view, slot)
  }
  return slot
}

/** The view is going away (detached, page unloaded): nothing pending reaches it. */
export function releaseFrameSlot(view: object): void {
  slots.get(view)?.dispose()
  slots.delete(view)
}

/** Posts `patch` to the view at its next turn (a person's own gesture: `urgent`, ahead of feeds). */
export function postToView(view: FrameView, patch: FramePatch, options: { urgent?: boolean; then?: () => void } = {}): void {
  frameSlotOf(view).post(patch, options)
}

/**
 * Store-derived fields of a view (name → how to read it): posted now and after every change of what
 * they read, as plain data; only the fields whose value changed travel. Returns the disposer.
 */
export function bindFrameFields(view: FrameView, fields: Record<string, () => unknown>): () => void {
  const read = (): FramePatch => {
    const out: FramePatch = {}
    for (const name of Object.keys(fields)) out[name] = toJS(fields[name]!())
    return out
  }
  const slot = frameSlotOf(view)
  return reaction(read, (values) => slot.post(values), { fireImmediately: true })
}
