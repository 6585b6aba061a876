/**
 * The goods the anchor is explaining travels as ZEGO room extra info: persistent per room, so a
 * viewer who enters later receives it with the login. Pure: the zego service encodes and decodes
 * through here, the store and pages read the texts (reference: zego-platform.md §2.4, §4.2).
 */
import { ZegoCode } from './zego-error-codes'

/** ZEGO allows one room extra info key per room (ZegoCode.roomExtraInfoKeyLimit otherwise), of at most 10 bytes. */
export const explainKey = 'explain'

/** Room extra info values are limited to 128 bytes by ZEGO's server. */
export const explainValueMaxBytes = 128

/**
 * What "explaining nothing" is on the wire. SDK 3.6.0 rejects an empty value before sending it
 * (input parameter error 1100001), so stopping needs a non-empty value; no goods ID is '-'
 * (the server's IDs are `g_<hex>`). An empty value from elsewhere still reads as "nothing".
 */
export const explainNoneValue = '-'

/** One entry of `roomExtraInfoUpdate`, structurally (core does not import the SDK). */
export interface ExtraInfoEntry {
  readonly key: string
  readonly value: string
}

/** A failed attempt to tell the room what the anchor explains; `goodsId` is what a retry sends. */
export interface ExplainFailure {
  readonly goodsId: string
  readonly code: number
  readonly message: string
}


export function utf8Bytes(text: string): number {
  let bytes = 0
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return bytes
}

/** The value the anchor sets for a goods ID ('' = stop explaining). */
export function encodeExplain(goodsId: string): string {
  return goodsId === '' ? explainNoneValue : goodsId
}

/** Whether a goods ID fits in a room extra info value at all. */
export function explainValueFits(goodsId: string): boolean {
  return utf8Bytes(encodeExplain(goodsId)) <= explainValueMaxBytes
}

/**
 * The explained goods ID from a `roomExtraInfoUpdate` list: '' for "nothing", null when the list
 * does not carry our key or carries a value ZEGO could never have accepted (then the update is
 * not ours to act on).
 */
export function explainFromExtraInfo(list: readonly ExtraInfoEntry[]): string | null {
  let found: string | null = null
  for (const entry of list) {
    if (entry.key !== explainKey || typeof entry.value !== 'string') continue
    found = entry.value
  }
  if (found === null || utf8Bytes(found) > explainValueMaxBytes) return null
  return found === explainNoneValue ? '' : found
}

/** The short line the anchor sees when viewers did not get the explained goods. */
export function explainFailureText(failure: ExplainFailure): string {
  const stopping = failure.goodsId === ''
  const what = stopping ? '停止讲解没有同步给观众' : '讲解商品没有同步给观众'
  if (failure.code === ZegoCode.roomExtraInfoKeyLimit) return `${what}：直播间已有其他附加信息（${failure.code}）`
  if (failure.code === 0) return `${what}：${failure.message || '未知错误'}`
  return `${what}（错误码 ${failure.code}）`
}
