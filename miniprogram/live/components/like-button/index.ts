/**
 * The room's likes over the video: a heart with the total, and, unless `readonly` (the anchor's
 * console), a tap adds a like. A tap floats a heart at once; the hearts are a few rotating slots
 * animated by CSS, so a storm of taps costs no more than one small setData per flush (a slot's new
 * serial restarts its animation, and the total's text only when it changed), written at the
 * button's turns in the room's one frame (core/frame-scheduler.ts: at once when the frame is idle,
 * five setData a second for the page and all its components together). Taps and totals come from
 * the likes store.
 */
import { reaction } from 'mobx-miniprogram'
import { liveLikesStore } from '../../stores/live-likes'
import { zegoLive } from '../../services/zego/index'
import { likesText } from '../../core/likes'
import { bindFrameFields, frameSlotOf, releaseFrameSlot } from '../frame-view'

/** Hearts in the air at once: enough to read as a stream, few enough to cost nothing. */
export const HEART_SLOTS = 4

interface ButtonView {
  text: string
  hearts: number[]
}

/** Per attached button: how to stop feeding its view. */
const views = new WeakMap<object, () => void>()

Component({
  properties: {
    readonly: { type: Boolean, value: false },
  },
  data: {
    text: '0',
    /** Serial numbers of the hearts in flight (wx:key); a new serial in a slot starts a new heart. */
    hearts: [] as number[],
    failure: '',
  },
  lifetimes: {
    attached(): void {
      const state = { seenTaps: liveLikesStore.taps, serial: 0 }
      const slot = frameSlotOf(this, () => {
        const data = this.data as ButtonView
        const patch: Record<string, string | number> = {}
        const text = likesText(liveLikesStore.total)
        if (text !== data.text) patch.text = text
        // The store started a new session under this view: count its taps from zero.
        if (liveLikesStore.taps < state.seenTaps) state.seenTaps = 0
        if (liveLikesStore.taps > state.seenTaps) {
          state.seenTaps = liveLikesStore.taps
          const index = state.serial % HEART_SLOTS
          state.serial += 1
          patch[`hearts[${index}]`] = state.serial
        }
        return patch
      })
      const stop = reaction(
        () => [liveLikesStore.total, liveLikesStore.taps],
        () => slot.request(),
        { fireImmediately: true },
      )
      const unbind = bindFrameFields(this, { failure: () => liveLikesStore.failure })
      views.set(this, () => {
        stop()
        unbind()
        releaseFrameSlot(this)
      })
    },
    detached(): void {
      views.get(this)?.()
      views.delete(this)
    },
  },
  methods: {
    onTap(): void {
      if (!this.data.readonly) zegoLive.likes.tap()
    },
  },
})
