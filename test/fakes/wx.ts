/**
 * The fake WeChat client used by mini-program tests. It starts from miniprogram-simulate's API
 * mocks, records every call made through it in a ledger (name + first argument, in order) and lets
 * a test answer or fail any API. Pages never see it directly: services call `wx.*`.
 */
export interface WxCall {
  api: string
  args: unknown[]
}

type AnyFn = (...args: unknown[]) => unknown

export class WxLedger {
  readonly calls: WxCall[] = []

  record(api: string, args: unknown[]): void {
    this.calls.push({ api, args })
  }

  /** Calls to one API, in order. */
  of(api: string): WxCall[] {
    return this.calls.filter((c) => c.api === api)
  }

  names(): string[] {
    return this.calls.map((c) => c.api)
  }

  clear(): void {
    this.calls.length = 0
  }
}

export const wxLedger = new WxLedger()

/** Async wx APIs answer through success/fail/complete callbacks and, without them, a Promise. */
export function asyncApi<R>(api: string, answer: (options: Record<string, unknown>) => R | Error): AnyFn {
  return (...args: unknown[]) => {
    const options = (args[0] ?? {}) as Record<string, unknown> & {
      success?: (r: R) => void
      fail?: (e: { errMsg: string }) => void
      complete?: (r: unknown) => void
    }
    wxLedger.record(api, args)
    const result = answer(options)
    const failed = result instanceof Error
    const payload = failed ? { errMsg: `${api}:fail ${result.message}` } : { errMsg: `${api}:ok`, ...(result as object) }
    const hasCallback = options.success || options.fail || options.complete
    if (hasCallback) {
      setTimeout(() => {
        if (failed) options.fail?.(payload as { errMsg: string })
        else options.success?.(payload as R)
        options.complete?.(payload)
      }, 0)
      return undefined
    }
    return failed ? Promise.reject(payload) : Promise.resolve(payload)
  }
}

/** Wraps every function of a wx object so that each call lands in the ledger. */
export function recordAll<T extends Record<string, unknown>>(api: T): T {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== 'function') {
      out[name] = value
      continue
    }
    const fn = value as AnyFn
    out[name] = (...args: unknown[]) => {
      // asyncApi records its own calls; everything else is recorded here.
      if (!(fn as { recorded?: boolean }).recorded) wxLedger.record(name, args)
      return fn(...args)
    }
  }
  return out as T
}

function markRecorded(fn: AnyFn): AnyFn {
  ;(fn as { recorded?: boolean }).recorded = true
  return fn
}

/** Navigation and UI APIs the app uses, answered as the client does. */
export const wxOverrides: Record<string, AnyFn> = {
  navigateTo: markRecorded(asyncApi('navigateTo', () => ({}))),
  navigateBack: markRecorded(asyncApi('navigateBack', () => ({}))),
  redirectTo: markRecorded(asyncApi('redirectTo', () => ({}))),
  switchTab: markRecorded(asyncApi('switchTab', () => ({}))),
  reLaunch: markRecorded(asyncApi('reLaunch', () => ({}))),
  showToast: markRecorded(asyncApi('showToast', () => ({}))),
  showModal: markRecorded(asyncApi('showModal', () => ({ confirm: true, cancel: false }))),
  setKeepScreenOn: markRecorded(asyncApi('setKeepScreenOn', () => ({}))),
}
