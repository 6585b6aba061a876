/**
 * Where things are in a replay: its segments play one after another, and the explain timeline is
 * on the same wall clock (Unix ms), so "what was explained at this moment" and "jump to where this
 * goods was explained" are lookups here. Pure: the replay store and page call it.
 */
import type { ReplayExplain, ReplaySegment } from '../../core/api-types'

/** A point in the playlist: which segment and how far into it. */
export interface ReplayPosition {
  index: number
  seconds: number
}

export interface TimelineItem {
  goodsId: string
  atMs: number
  /** mm:ss (h:mm:ss past an hour) from the start of the replay. */
  label: string
}

export function orderedSegments(segments: readonly ReplaySegment[]): ReplaySegment[] {
  return [...segments].sort((a, b) => a.startMs - b.startMs)
}

/** The wall-clock moment of a position. */
export function momentOf(segments: readonly ReplaySegment[], position: ReplayPosition): number {
  const segment = segments[position.index]
  return segment === undefined ? 0 : segment.startMs + Math.round(position.seconds * 1000)
}

/**
 * The position that shows `atMs`: inside the segment that covers it, at the start of the next one
 * when it fell between two (the anchor was away), the start of the first when it came before.
 * A segment of unknown length (0) covers everything up to the next segment.
 */
export function positionOf(segments: readonly ReplaySegment[], atMs: number): ReplayPosition {
  for (let index = 0; index < segments.length; index++) {
    const s = segments[index]!
    const next = segments[index + 1]
    if (atMs < s.startMs) return { index, seconds: 0 }
    const end = s.durationMs > 0 ? s.startMs + s.durationMs : (next?.startMs ?? Number.POSITIVE_INFINITY)
    if (atMs < end) return { index, seconds: (atMs - s.startMs) / 1000 }
  }
  const last = segments.length - 1
  return { index: Math.max(0, last), seconds: last < 0 ? 0 : segments[last]!.durationMs / 1000 }
}

/** The goods explained at `atMs` ('' when nothing was). */
export function explainedAt(explains: readonly ReplayExplain[], atMs: number): string {
  let goodsId = ''
  for (const e of explains) {
    if (e.atMs > atMs) break
    goodsId = e.goodsId
  }
  return goodsId
}

function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const two = (n: number): string => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`
}

/** The explains of goods still on the shelf, labelled by their time from the replay's start. */
export function timelineItems(explains: readonly ReplayExplain[], segments: readonly ReplaySegment[], shelfIds: readonly string[]): TimelineItem[] {
  const start = segments[0]?.startMs ?? 0
  return explains.filter((e) => e.goodsId !== '' && shelfIds.includes(e.goodsId)).map((e) => ({ goodsId: e.goodsId, atMs: e.atMs, label: clock(e.atMs - start) }))
}

/** When a goods was first explained, or null: its 看讲解 jumps there. */
export function firstExplainOf(explains: readonly ReplayExplain[], goodsId: string): number | null {
  return explains.find((e) => e.goodsId === goodsId)?.atMs ?? null
}

/** A URL the server said expires by then needs a fresh one before it is played. */
export function urlExpired(segment: ReplaySegment, nowSeconds: number): boolean {
  return segment.expiresAt !== null && segment.expiresAt <= nowSeconds
}
