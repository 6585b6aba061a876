/**
 * ZEGO's server API signature (SignatureVersion 2.0) as its public parameters carry it, checked the
 * way ZEGO documents it: a 16-hex nonce, a timestamp within 10 minutes of the server's clock, and
 * `md5(AppId + SignatureNonce + ServerSecret + Timestamp)`. Every fake of a ZEGO server API checks
 * requests with this one function.
 */
import { createHash } from 'node:crypto'

const SIGNATURE_WINDOW_SECONDS = 600

export type ZegoSignatureCheck = 'ok' | 'expired' | 'wrong' | 'unsupported_version'

export function checkZegoSignature(params: Record<string, string>, serverSecret: string, nowSeconds: number): ZegoSignatureCheck {
  if (params.SignatureVersion !== '2.0') return 'unsupported_version'
  const nonce = params.SignatureNonce ?? ''
  const timestamp = params.Timestamp ?? ''
  if (!/^[0-9a-f]{16}$/.test(nonce) || !/^\d+$/.test(timestamp)) return 'wrong'
  const expected = createHash('md5').update(`${params.AppId ?? ''}${nonce}${serverSecret}${timestamp}`).digest('hex')
  if (params.Signature !== expected) return 'wrong'
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return 'expired'
  return 'ok'
}
