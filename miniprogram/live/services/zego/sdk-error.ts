/**
 * The one reading of what the ZEGO SDK rejects with, at the boundary where its promises settle.
 * The SDK rejects in more than one shape (zego-platform.md §4.1): a ZegoServerResponse
 * `{errorCode, extendedData}` from calls that reach ZEGO's servers, `{code, msg}` from its own
 * checks and from login, and a plain Error from the JavaScript underneath; our own guards throw
 * `{code: 0, msg}` in the SDK's shape so that they read the same.
 */
export interface ZegoSdkError {
  /** The SDK's code; 0 when it gave none (a local guard or an Error). */
  readonly code: number
  /** What it said, the first non-empty text it carried; '' when it said nothing. */
  readonly message: string
}

interface SdkRejection {
  errorCode?: unknown
  code?: unknown
  extendedData?: unknown
  msg?: unknown
  message?: unknown
}

function codeOf(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  // Some SDK paths hand the code over as a numeric string.
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return 0
}

export function zegoSdkError(err: unknown): ZegoSdkError {
  const e: SdkRejection = typeof err === 'object' && err !== null ? (err as SdkRejection) : {}
  const code = e.errorCode !== undefined ? codeOf(e.errorCode) : codeOf(e.code)
  const message = [e.extendedData, e.msg, e.message].find((m): m is string => typeof m === 'string' && m !== '') ?? ''
  return { code, message }
}
