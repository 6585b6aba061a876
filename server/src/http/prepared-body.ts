/**
 * Cached answers sent as prepared bytes: serialised once when their data changes, sent as a
 * Buffer (Fastify neither serialises nor validates it again), with an ETag so a client that has
 * them gets 304 and no body. Lists that many shoppers open at once (the WeChat live rooms, the
 * public room and goods lists) are served this way; their own routes decide when to rebuild.
 */
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The answer does not depend on who asks: the session and staff-cookie hooks skip the route,
     * so a popular public list costs no database lookup per request.
     */
    sameForEveryone?: boolean
  }
}

export interface PreparedBody {
  readonly body: Buffer
  /** Quoted, `W/` when the body may differ in fields that do not change its meaning (an age). */
  readonly etag: string
}

const JSON_TYPE = 'application/json; charset=utf-8'

/** A short content hash: 96 bits tell versions of one list apart. */
export function contentTag(...parts: string[]): string {
  const hash = createHash('sha1')
  for (const part of parts) hash.update(part)
  return hash.digest('base64url').slice(0, 16)
}

/** `json` is already serialised (by the route's own serializer, so the response schema still shapes it). */
export function prepareJson(json: string): PreparedBody {
  return { body: Buffer.from(json), etag: `"${contentTag(json)}"` }
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  if (ifNoneMatch.trim() === '*') return true
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag
  for (const candidate of ifNoneMatch.split(',')) {
    const c = candidate.trim()
    if ((c.startsWith('W/') ? c.slice(2) : c) === opaque) return true
  }
  return false
}

/** Sends `prepared`, or 304 when the client already holds it. `cacheControl` says how long it may keep it. */
export function sendPrepared(request: FastifyRequest, reply: FastifyReply, prepared: PreparedBody, cacheControl: string): FastifyReply {
  reply.header('etag', prepared.etag).header('cache-control', cacheControl)
  if (matchesEtag(request.headers['if-none-match'], prepared.etag)) return reply.code(304).send()
  return reply.header('content-type', JSON_TYPE).send(prepared.body)
}

interface Entry {
  promise: Promise<PreparedBody>
  value: PreparedBody | null
  builtAtMs: number
}

export interface PreparedCacheOptions {
  /** Distinct queries kept (filters, pages); the oldest is dropped beyond it. */
  maxEntries: number
  /** Rebuild at least this often even without an invalidation (a safety net for a lost cross-instance message). */
  maxAgeMs: number
  nowMs: () => number
}

/**
 * Prepared answers by query, dropped all at once when their data changes. A build that was under
 * way when the data changed still answers the requests that were waiting for it, but is not kept.
 */
export class PreparedCache {
  private entries = new Map<string, Entry>()

  constructor(private readonly options: PreparedCacheOptions) {}

  get(key: string, build: () => Promise<PreparedBody>): Promise<PreparedBody> | PreparedBody {
    const now = this.options.nowMs()
    const hit = this.entries.get(key)
    if (hit !== undefined && now - hit.builtAtMs < this.options.maxAgeMs) return hit.value ?? hit.promise
    if (hit !== undefined) this.entries.delete(key)
    const entries = this.entries
    const entry: Entry = { promise: build(), value: null, builtAtMs: now }
    entry.promise.then(
      (value) => void (entry.value = value),
      () => {
        if (entries.get(key) === entry) entries.delete(key)
      },
    )
    if (entries.size >= this.options.maxEntries) {
      const oldest = entries.keys().next()
      if (oldest.done !== true) entries.delete(oldest.value)
    }
    entries.set(key, entry)
    return entry.promise
  }

  invalidate(): void {
    // A new map, so a build finishing for the old one cannot land in the new.
    this.entries = new Map()
  }

  get size(): number {
    return this.entries.size
  }
}
