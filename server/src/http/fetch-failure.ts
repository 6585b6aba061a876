/**
 * Tells a fetch cut off by its timeout signal from one that failed on the network, for every
 * upstream client (WeChat, ZEGO), so their logs and answers name timeouts as timeouts.
 */

/** Abort errors: the DOMException names of `AbortSignal.timeout()`/`abort()`, and Node's own AbortError code. */
const ABORT_NAMES = new Set(['TimeoutError', 'AbortError'])
const ABORT_CODES = new Set<unknown>(['ABORT_ERR'])

/**
 * True when `err` is an abort, or when `signal` (the one passed to fetch) has fired. The abort
 * error is a DOMException, which is not `instanceof Error` in every realm (under jest it comes
 * from Node's realm, not the test's), so its name and code are read structurally; the signal's
 * own state settles it when a runtime wraps the abort in another error.
 */
export function isFetchTimeout(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted === true) return true
  if (typeof err !== 'object' || err === null) return false
  const name = 'name' in err ? err.name : undefined
  const code = 'code' in err ? err.code : undefined
  return (typeof name === 'string' && ABORT_NAMES.has(name)) || ABORT_CODES.has(code)
}
