/**
 * When the wxlive room store asks live-player-plugin for a room's status. WeChat's rule is "no
 * faster than once a minute" (reference §2.3), and it holds across hide and show: a page that comes back
 * after 20 seconds waits the other 40. The plugin documents no quota or frequency error code, so
 * every failed call is treated as one and the interval doubles (2, 4, 8 minutes) until a call
 * succeeds.
 */

export const POLL_INTERVAL_MS = 60_000
export const MAX_POLL_INTERVAL_MS = 8 * POLL_INTERVAL_MS

/** The wait after a call, given how many calls in a row have failed. */
export function pollIntervalMs(failures: number): number {
  return Math.min(POLL_INTERVAL_MS * 2 ** Math.max(0, failures), MAX_POLL_INTERVAL_MS)
}

/** How long until the next call may go out; the first call (no earlier one) goes at once. */
export function nextPollDelayMs(lastCallAt: number | null, now: number, failures: number): number {
  if (lastCallAt === null) return 0
  return Math.max(0, lastCallAt + pollIntervalMs(failures) - now)
}

/**
 * Runs `check` on that schedule while resumed. `check` resolves true when the plugin answered and
 * false when it failed; it must not reject. One call at a time: a resume during a call waits for it.
 */
export class StatusPoller {
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastCallAt: number | null = null
  private failures = 0
  private running = false
  private inFlight = false

  constructor(private readonly check: () => Promise<boolean>) {}

  get active(): boolean {
    return this.running
  }

  /** Starts, or resumes after pause(); a no-op while already running. */
  resume(): void {
    if (this.running) return
    this.running = true
    this.schedule()
  }

  /** Stops calling until resume(); a call already on its way still completes. */
  pause(): void {
    this.running = false
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(): void {
    if (!this.running || this.inFlight || this.timer !== null) return
    const delay = nextPollDelayMs(this.lastCallAt, Date.now(), this.failures)
    if (delay === 0) void this.poll()
    else this.timer = setTimeout(() => {
      this.timer = null
      void this.poll()
    }, delay)
  }

  private async poll(): Promise<void> {
    if (!this.running) return
    this.inFlight = true
    this.lastCallAt = Date.now()
    const answered = await this.check().catch(() => false)
    this.inFlight = false
    this.failures = answered ? 0 : this.failures + 1
    this.schedule()
  }
}
