/**
 * A pass that runs on an interval and on demand, never twice at once: a call while one is running
 * joins it, the interval is unref'd so it never holds the process open, and stop() waits for the
 * pass in progress (before the database it writes to closes). The order and recording sweepers
 * run on it; tests call run() after moving the app clock.
 */
export class PeriodicPass<R> {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<R> | null = null

  constructor(
    private readonly pass: () => Promise<R>,
    private readonly onError: (err: unknown) => void,
  ) {}

  run(): Promise<R> {
    this.running ??= this.pass().finally(() => {
      this.running = null
    })
    return this.running
  }

  start(intervalMs: number): void {
    if (this.timer !== null || intervalMs <= 0) return
    this.timer = setInterval(() => {
      this.run().catch(this.onError)
    }, intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    await this.running?.catch(() => undefined)
  }
}
