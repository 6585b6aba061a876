/**
 * The fake WeChat client used by mini-program tests. It starts from miniprogram-simulate's API
 * mocks, records every call made through it in a ledger (name + first argument, in order) and lets
 * a test answer or fail any API. Pages never see it directly: services call `wx.*`.
 */
export interface WxCall {
  api: string
  args: unknown[]
  /** Position in the sequence shared with the fake ZEGO engine's ledger (callSequence). */
  seq?: number
}

/** One counter for every fake's ledger, so that calls to different fakes can be put in order. */
export const callSequence = { next: 0 }

type AnyFn = (...args: unknown[]) => unknown

export class WxLedger {
  readonly calls: WxCall[] = []

  record(api: string, args: unknown[]): void {
    this.calls.push({ api, args, seq: callSequence.next++ })
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

/**
 * APIs that fail until removed, with WeChat's reason, e.g. `wxFaults.set('navigateTo', 'webview
 * count limit exceed')` (the page stack is full). Async APIs then answer `fail` with
 * `<api>:fail <reason>`.
 */
export const wxFaults = new Map<string, string>()

/** Async wx APIs answer through success/fail/complete callbacks and, without them, a Promise. */
export function asyncApi<R>(api: string, answer: (options: Record<string, unknown>) => R | Error): AnyFn {
  return (...args: unknown[]) => {
    const options = (args[0] ?? {}) as Record<string, unknown> & {
      success?: (r: R) => void
      fail?: (e: { errMsg: string }) => void
      complete?: (r: unknown) => void
    }
    wxLedger.record(api, args)
    const fault = wxFaults.get(api)
    const result = fault === undefined ? answer(options) : new Error(fault)
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

/** Marks a fake API that records its own calls, so recordAll does not record them twice. */
export function markRecorded(fn: AnyFn): AnyFn {
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

// ---- live rooms: contexts, app lifecycle listeners, permissions, wx.request ----------------------

/** Methods of LivePusherContext / LivePlayerContext; each call lands in the ledger as `Context.method`. */
function recordingContext(kind: string, id: string, methods: string[]): Record<string, (...a: unknown[]) => void> {
  const ctx: Record<string, (...a: unknown[]) => void> = {}
  for (const m of methods) {
    ctx[m] = (...a: unknown[]) => {
      wxLedger.record(`${kind}.${m}`, [id, ...a])
      const options = a[0] as { success?: (r: unknown) => void; complete?: (r: unknown) => void } | undefined
      options?.success?.({ errMsg: `${m}:ok` })
      options?.complete?.({ errMsg: `${m}:ok` })
    }
  }
  return ctx
}

const pusherMethods = ['start', 'stop', 'pause', 'resume', 'startPreview', 'stopPreview', 'switchCamera', 'snapshot', 'toggleTorch']
const playerMethods = ['play', 'stop', 'pause', 'resume', 'mute', 'requestFullScreen', 'exitFullScreen']
/** VideoContext (the replay page's `<video>`): seek(position) lands in the ledger as `VideoContext.seek` with [id, seconds]. */
const videoMethods = ['play', 'pause', 'stop', 'seek', 'playbackRate', 'requestFullScreen', 'exitFullScreen']

type WxEventName = 'appShow' | 'appHide' | 'audioInterruptionEnd' | 'audioInterruptionBegin' | 'networkStatusChange' | 'lazyLoadError'

/** Listeners registered through wx.onX and removed through wx.offX, so tests can fire and count them. */
export const wxEvents = {
  listeners: new Map<WxEventName, Set<AnyFn>>(),
  add(name: WxEventName, fn: AnyFn): void {
    const set = this.listeners.get(name) ?? new Set<AnyFn>()
    set.add(fn)
    this.listeners.set(name, set)
  },
  remove(name: WxEventName, fn?: AnyFn): void {
    if (fn) this.listeners.get(name)?.delete(fn)
    else this.listeners.delete(name)
  },
  fire(name: WxEventName, payload: unknown = {}): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) fn(payload)
  },
  count(name?: WxEventName): number {
    if (name) return this.listeners.get(name)?.size ?? 0
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  },
}

/** What the permission prompts answer (true = the user allows). */
export const wxPermissions: Record<string, boolean> = { 'scope.camera': true, 'scope.record': true }

export interface WxRequestOptions {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string>
}
export type WxRequestAnswer = { statusCode: number; data: unknown } | Error
let requestHandler: (options: WxRequestOptions) => WxRequestAnswer = () => ({ statusCode: 200, data: {} })

/** Answers wx.request (the fake server installs itself here). An Error answers with `fail`. */
export function setRequestHandler(handler: (options: WxRequestOptions) => WxRequestAnswer): void {
  requestHandler = handler
}

function listen(name: WxEventName): AnyFn {
  return markRecorded((...args: unknown[]) => {
    wxLedger.record(`on${name[0].toUpperCase()}${name.slice(1)}`, args)
    wxEvents.add(name, args[0] as AnyFn)
  })
}

function unlisten(name: WxEventName): AnyFn {
  return markRecorded((...args: unknown[]) => {
    wxLedger.record(`off${name[0].toUpperCase()}${name.slice(1)}`, args)
    wxEvents.remove(name, args[0] as AnyFn | undefined)
  })
}

Object.assign(wxOverrides, {
  createLivePusherContext: markRecorded((...args: unknown[]) => {
    wxLedger.record('createLivePusherContext', args)
    return recordingContext('LivePusherContext', 'pusher', pusherMethods)
  }),
  createLivePlayerContext: markRecorded((...args: unknown[]) => {
    wxLedger.record('createLivePlayerContext', args)
    return recordingContext('LivePlayerContext', String(args[0]), playerMethods)
  }),
  createVideoContext: markRecorded((...args: unknown[]) => {
    wxLedger.record('createVideoContext', args)
    return recordingContext('VideoContext', String(args[0]), videoMethods)
  }),
  onAppShow: listen('appShow'),
  offAppShow: unlisten('appShow'),
  onAppHide: listen('appHide'),
  offAppHide: unlisten('appHide'),
  onAudioInterruptionEnd: listen('audioInterruptionEnd'),
  offAudioInterruptionEnd: unlisten('audioInterruptionEnd'),
  onAudioInterruptionBegin: listen('audioInterruptionBegin'),
  offAudioInterruptionBegin: unlisten('audioInterruptionBegin'),
  onNetworkStatusChange: listen('networkStatusChange'),
  offNetworkStatusChange: unlisten('networkStatusChange'),
  onLazyLoadError: listen('lazyLoadError'),
  authorize: markRecorded(
    asyncApi('authorize', (o) => (wxPermissions[String(o.scope)] === false ? new Error('auth deny') : {})),
  ),
  openSetting: markRecorded(asyncApi('openSetting', () => ({ authSetting: { ...wxPermissions } }))),
  login: markRecorded(asyncApi('login', () => ({ code: 'wx-code-1' }))),
  request: markRecorded((...args: unknown[]) => {
    const options = args[0] as WxRequestOptions & {
      success?: (r: unknown) => void
      fail?: (e: { errMsg: string }) => void
      complete?: (r: unknown) => void
    }
    wxLedger.record('request', args)
    const answer = requestHandler(options)
    setTimeout(() => {
      if (answer instanceof Error) {
        const err = { errMsg: `request:fail ${answer.message}` }
        options.fail?.(err)
        options.complete?.(err)
      } else {
        const res = { errMsg: 'request:ok', header: {}, cookies: [], ...answer }
        options.success?.(res)
        options.complete?.(res)
      }
    }, 0)
    return { abort: () => undefined, onHeadersReceived: () => undefined, offHeadersReceived: () => undefined }
  }),
})
