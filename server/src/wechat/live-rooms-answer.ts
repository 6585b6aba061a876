/**
 * GET /api/wechat-live/rooms as prepared bytes. The room list is mapped and serialised once per
 * cache refresh (and again only when a not-started room passes its end time and turns expired);
 * per second only the small envelope with `ageSeconds` is written around it. While the data is
 * fresh the shared store is not read at all: the store holds the list as JSON, and parsing it for
 * every request was most of the route's cost.
 */
import type { WechatLiveRoom } from '../../../miniprogram/contract/wechat-live-schemas'
import { contentTag, type PreparedBody } from '../http/prepared-body'
import type { CachedValue } from '../shared-store/budgeted-cache'
import type { UpstreamLiveRoom } from './live-info-types'
import { mapLiveRoom } from './live-mapping'

/** A stale list (refresh failed, budget spent) is asked for again this often; the cache decides whether to try upstream. */
const STALE_RECHECK_MS = 5_000
const MAX_QUERIES = 64
const MAX_PUBLIC_AGE_SECONDS = 60

export interface LiveRoomsPrepared {
  prepared: PreparedBody
  cacheControl: string
}

interface Slice {
  value: CachedValue<UpstreamLiveRoom[]>
  roomsJson: string
  /** The body is valid before this second; afterwards a 102 room may read as expired. */
  validUntilSeconds: number
  tag: string
  envelope: { ageSeconds: number; prepared: PreparedBody } | null
  cacheControl: { maxAge: number; header: string } | null
}

export class LiveRoomsAnswer {
  private value: CachedValue<UpstreamLiveRoom[]> | null = null
  private valueCheckedAtMs = 0
  private loading: Promise<CachedValue<UpstreamLiveRoom[]>> | null = null
  private slices = new Map<string, Slice>()

  constructor(
    private readonly load: () => Promise<CachedValue<UpstreamLiveRoom[]>>,
    private readonly maxAgeSeconds: number,
    private readonly nowMs: () => number,
  ) {}

  /** The answer for one page, and how long a client may keep it. */
  prepared(start: number, limit: number): Promise<LiveRoomsPrepared> | LiveRoomsPrepared {
    const nowMs = this.nowMs()
    const value = this.currentValue(nowMs)
    // While the list is current the answer comes without a promise: this is the route's hot path.
    if (value !== null) return this.page(value, start, limit, nowMs)
    return this.reload().then((loaded) => this.page(loaded, start, limit, this.nowMs()))
  }

  private page(value: CachedValue<UpstreamLiveRoom[]>, start: number, limit: number, nowMs: number): LiveRoomsPrepared {
    const nowSeconds = Math.floor(nowMs / 1000)
    const key = `${start}:${limit}`
    let slice = this.slices.get(key)
    if (slice === undefined || slice.value !== value || nowSeconds >= slice.validUntilSeconds) {
      slice = buildSlice(value, start, limit, nowSeconds)
      if (this.slices.size >= MAX_QUERIES) this.slices = new Map()
      this.slices.set(key, slice)
    }
    const ageSeconds = Math.max(0, Math.floor((nowMs - value.fetchedAt) / 1000))
    if (slice.envelope?.ageSeconds !== ageSeconds) {
      const json = `{"rooms":${slice.roomsJson},"total":${value.data.length},"fetchedAt":${Math.floor(value.fetchedAt / 1000)},"ageSeconds":${ageSeconds},"stale":${value.stale}}`
      // Weak: the bytes differ each second by the age alone, which a client holding them need not refetch.
      slice.envelope = { ageSeconds, prepared: { body: Buffer.from(json), etag: `W/"${slice.tag}"` } }
    }
    const freshFor = value.stale ? 0 : Math.max(0, this.maxAgeSeconds - ageSeconds)
    const maxAge = Math.min(MAX_PUBLIC_AGE_SECONDS, freshFor)
    if (slice.cacheControl?.maxAge !== maxAge) slice.cacheControl = { maxAge, header: `public, max-age=${maxAge}` }
    return { prepared: slice.envelope.prepared, cacheControl: slice.cacheControl.header }
  }

  private currentValue(nowMs: number): CachedValue<UpstreamLiveRoom[]> | null {
    const value = this.value
    if (value === null) return null
    if (value.stale) return nowMs - this.valueCheckedAtMs < STALE_RECHECK_MS ? value : null
    return nowMs - value.fetchedAt < this.maxAgeSeconds * 1000 ? value : null
  }

  /** One read of the shared cache however many requests find the list expired. */
  private reload(): Promise<CachedValue<UpstreamLiveRoom[]>> {
    this.loading ??= this.load()
      .then((value) => {
        this.value = value
        this.valueCheckedAtMs = this.nowMs()
        return value
      })
      .finally(() => {
        this.loading = null
      })
    return this.loading
  }
}

function buildSlice(value: CachedValue<UpstreamLiveRoom[]>, start: number, limit: number, nowSeconds: number): Slice {
  const page = value.data.slice(start, start + limit)
  const rooms: WechatLiveRoom[] = page.map((r) => mapLiveRoom(r, nowSeconds))
  const roomsJson = JSON.stringify(rooms)
  // 102 rooms past their end time read as expired (live-mapping), so the body changes then.
  let validUntilSeconds = Number.MAX_SAFE_INTEGER
  for (const r of page) {
    if (r.live_status === 102 && r.end_time > 0 && r.end_time >= nowSeconds) validUntilSeconds = Math.min(validUntilSeconds, r.end_time + 1)
  }
  const tag = contentTag(roomsJson, `|${value.data.length}|${value.fetchedAt}|${value.stale}`)
  return { value, roomsJson, validUntilSeconds, tag, envelope: null, cacheControl: null }
}
