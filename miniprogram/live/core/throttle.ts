/**
 * Leading + trailing throttle for high-frequency sources (online count): the first value applies
 * at once, later ones within the window collapse into one trailing apply with the latest value.
 */
export interface Throttled<T> {
  push(value: T): void
  /** Drops any pending value (the room is being left). */
  cancel(): void
}

export function throttleLatest<T>(intervalMs: number, apply: (value: T) => void): Throttled<T> {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: { value: T } | null = null

  const flush = (): void => {
    timer = null
    if (!pending) return
    const { value } = pending
    pending = null
    last = Date.now()
    apply(value)
  }

  return {
    push(value: T): void {
      const wait = last + intervalMs - Date.now()
      if (wait <= 0 && !timer) {
        last = Date.now()
        apply(value)
        return
      }
      pending = { value }
      if (!timer) timer = setTimeout(flush, Math.max(wait, 0))
    },
    cancel(): void {
      if (timer) clearTimeout(timer)
      timer = null
      pending = null
    },
  }
}
