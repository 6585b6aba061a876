/**
 * At most `limit` calls to an upstream at once, the rest waiting in a bounded queue in arrival
 * order. During a popular live thousands of comments arrive together; without a gate each opens
 * its own upstream request, the upstream (WeChat's content check, ZEGO's QPS limit) slows or
 * refuses, and every sender waits. Beyond the queue a caller is told at once (GateFullError).
 */
export class GateFullError extends Error {
  constructor(readonly upstream: string) {
    super(`${upstream}: too many calls waiting`)
    this.name = 'GateFullError'
  }
}

export class ConcurrencyGate {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private head = 0

  constructor(
    readonly upstream: string,
    private readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length - this.head >= this.maxWaiting) throw new GateFullError(this.upstream)
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.active += 1
    }
    try {
      return await call()
    } finally {
      this.release()
    }
  }

  get inFlight(): number {
    return this.active
  }

  get queued(): number {
    return this.waiting.length - this.head
  }

  private release(): void {
    const next = this.waiting[this.head]
    if (next === undefined) {
      this.active -= 1
      return
    }
    // The slot passes straight to the next caller; the queue array is compacted now and then.
    this.head += 1
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head)
      this.head = 0
    }
    next()
  }
}
