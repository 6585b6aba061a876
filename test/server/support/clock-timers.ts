/**
 * Timers on the test server's clock: nothing runs until `advance` moves the clock past its due
 * time, and each runs with the clock at that time, so "at most once a second" is checked on the
 * server's own notion of seconds rather than on how fast the machine is.
 */
import type { AnnounceTimer } from '../../../server/src/likes/likes-broadcaster'

export interface ClockTimers extends AnnounceTimer {
  /** Moves the clock by `ms`, running every timer that falls due on the way, in order. */
  advance(ms: number): void
  pending(): number
}

export function clockTimers(clock: { nowMs(): number; advanceSeconds(seconds: number): void }): ClockTimers {
  let serial = 0
  const due = new Map<number, { at: number; run: () => void }>()
  return {
    start(run, ms) {
      const handle = ++serial
      due.set(handle, { at: clock.nowMs() + ms, run })
      return handle
    },
    cancel(handle) {
      due.delete(handle as number)
    },
    advance(ms) {
      const until = clock.nowMs() + ms
      for (;;) {
        const next = [...due.entries()].filter(([, d]) => d.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0]
        if (next === undefined) break
        due.delete(next[0])
        clock.advanceSeconds((next[1].at - clock.nowMs()) / 1000)
        next[1].run()
      }
      clock.advanceSeconds((until - clock.nowMs()) / 1000)
    },
    pending: () => due.size,
  }
}
