/** Reads a server-sent event stream in a test: waits for an event by name (and predicate), never by time. */
export interface SseEvent {
  event: string
  data: unknown
}

export interface SseReader {
  /** The next event named `event` (after those already taken) for which `match` holds. */
  next<T = unknown>(event: string, match?: (data: T) => boolean): Promise<T>
  /** Every event read so far, in order. */
  readonly seen: SseEvent[]
  close(): void
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseReader> {
  const controller = new AbortController()
  const res = await fetch(url, { headers, signal: controller.signal })
  if (res.status !== 200 || res.body === null) throw new Error(`event stream not opened: HTTP ${res.status} ${await res.text()}`)
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  const seen: SseEvent[] = []
  let buffer = ''
  let taken = 0
  const readMore = async (waitingFor: string): Promise<void> => {
    const { value, done } = await reader.read()
    if (done) throw new Error(`stream ended while waiting for ${waitingFor}; saw ${JSON.stringify(seen)}`)
    buffer += decoder.decode(value, { stream: true })
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const name = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (name !== undefined && data !== undefined) seen.push({ event: name, data: JSON.parse(data) as unknown })
    }
  }
  return {
    seen,
    async next<T>(event: string, match: (data: T) => boolean = () => true): Promise<T> {
      for (;;) {
        while (taken < seen.length) {
          const candidate = seen[taken] as SseEvent
          taken += 1
          if (candidate.event === event && match(candidate.data as T)) return candidate.data as T
        }
        await readMore(event)
      }
    },
    close: () => controller.abort(),
  }
}
