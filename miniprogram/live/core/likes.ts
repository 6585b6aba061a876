/** Pure rules of the like button: how a total reads, and the leading-edge gate its view flushes through. */
import type { BatchTimer } from './list-batcher'

/** 9999 → '9999', 12345 → '1.2万', 123456789 → '1.2亿', as WeChat's own counters read. */
export function likesText(total: number): string {
  if (total < 10_000) return String(total)
  if (total < 100_000_000) return `${trimZero((total / 10_000).toFixed(1))}万`
  return `${trimZero((total / 100_000_000).toFixed(1))}亿`
}

const trimZero = (s: string): string => s.replace(/\.0$/, '')

/**
 * Runs `flush` at once on the first poke, then at most once per `intervalMs` while pokes keep
 * coming (trailing), so a tap shows without delay and a storm of taps costs a bounded number of
 * setData calls. `flush` answers whether it wrote anything: only a write starts the wait.
 */
export class FlushGate {
  private handle: unknown = null
  private pending = false

  constructor(
    private readonly intervalMs: number,
    private readonly timer: BatchTimer,
    private readonly flush: () => boolean,
  ) {}

  poke(): void {
    if (this.handle !== null) {
      this.pending = true
      return
    }
    if (this.flush()) this.cool()
  }

  dispose(): void {
    if (this.handle !== null) this.timer.cancel(this.handle)
    this.handle = null
    this.pending = false
  }

  private cool(): void {
    this.handle = this.timer.start(() => {
      this.handle = null
      if (!this.pending) return
      this.pending = false
      if (this.flush()) this.cool()
    }, this.intervalMs)
  }
}
