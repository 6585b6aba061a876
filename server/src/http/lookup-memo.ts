/**
 * Rows read on every request of a hot route (the room a comment or a token names, the user a
 * session token names), kept in this process until their table is written. The same invalidation
 * as the prepared lists drops them (http/cached-answers.ts), here and in every other instance;
 * `maxAgeMs` bounds what a lost cross-instance message could leave behind.
 */
interface Entry<T> {
  value: Promise<T>
  atMs: number
}

export class LookupMemo<T> {
  private entries = new Map<string, Entry<T>>()

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly nowMs: () => number,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.nowMs()
    const hit = this.entries.get(key)
    if (hit !== undefined && now - hit.atMs < this.maxAgeMs) return hit.value
    const entries = this.entries
    const value = load()
    // A failed read is not remembered.
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key)
    })
    if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value as string)
    entries.set(key, { value, atMs: now })
    return value
  }

  clear(): void {
    this.entries = new Map()
  }
}
