/**
 * Tells the merchant server when the anchor's live starts and ends, so the room list and viewers
 * (who re-read the room when the anchor's stream goes) learn it. Best effort by design: the live
 * never waits for these reports and never fails because of them.
 */
import type { RoomLiveStatus } from '../../../core/api-types'

/** `session` names this device's live (see newLiveSession), so the server can order two devices' reports. */
export type SendRoomStatus = (roomId: string, status: RoomLiveStatus, session?: string) => Promise<unknown>

/**
 * A fresh name for one live of this console, `[A-Za-z0-9_-]{8,64}` as the server wants. When the
 * anchor moves to a second device, the first page's late `ended` names the older session and the
 * server leaves the second device's live alone. Not a secret: only distinct.
 */
export function newLiveSession(nowMs = Date.now(), random = Math.random): string {
  return `${nowMs.toString(36)}-${Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0')}`
}

/** Delay before the one retry of a failed report (after api.ts's own network retries). Tests shorten it. */
export const roomStatusRetry = { delayMs: 5000 }

interface RoomReport {
  /** What the server should hold, as far as this device knows. */
  wanted: RoomLiveStatus | null
  acknowledged: RoomLiveStatus | null
  sending: boolean
  retry: ReturnType<typeof setTimeout> | null
  retriesLeft: number
  /**
   * The live this device runs or last ran in the room, a new one each time it goes live; none
   * until then, so an `ended` for a live this device never reported is applied as it comes.
   */
  session: string | undefined
}

/**
 * Keyed by room rather than by page session: an `ended` still being retried after the page closed
 * must be ordered with a `live` from the next visit to the same room, never overtake it.
 */
export class RoomStatusReporter {
  private readonly reports = new Map<string, RoomReport>()

  constructor(private readonly send: () => SendRoomStatus) {}

  report(roomId: string, status: RoomLiveStatus): void {
    const r = this.reportFor(roomId)
    const settledOrUnderWay = r.acknowledged === status || r.sending || r.retry !== null
    if (r.wanted === status && settledOrUnderWay) return
    if (status === 'live' && r.wanted !== 'live') r.session = newLiveSession()
    r.wanted = status
    r.retriesLeft = 1
    // A new state change is itself the retry of anything that failed before it.
    if (r.retry !== null) {
      clearTimeout(r.retry)
      r.retry = null
    }
    this.flush(roomId, r)
  }

  /** The server was told (or is being told) that this room is live. */
  isLive(roomId: string): boolean {
    return this.reports.get(roomId)?.wanted === 'live'
  }

  private reportFor(roomId: string): RoomReport {
    let r = this.reports.get(roomId)
    if (!r) {
      r = { wanted: null, acknowledged: null, sending: false, retry: null, retriesLeft: 0, session: undefined }
      this.reports.set(roomId, r)
    }
    return r
  }

  private flush(roomId: string, r: RoomReport): void {
    const status = r.wanted
    if (r.sending || status === null || status === r.acknowledged) return
    r.sending = true
    this.send()(roomId, status, r.session).then(
      () => {
        r.sending = false
        r.acknowledged = status
        this.flush(roomId, r)
      },
      () => {
        r.sending = false
        // The request may have reached the server before the answer was lost: its state is unknown now.
        r.acknowledged = null
        if (r.wanted !== status) return this.flush(roomId, r)
        // Nothing reaches the screen: the anchor can do nothing about it, and the live itself is
        // fine. After the one retry the next state change (or the page closing) tries again.
        if (r.retriesLeft <= 0) return
        r.retriesLeft--
        r.retry = setTimeout(() => {
          r.retry = null
          this.flush(roomId, r)
        }, roomStatusRetry.delayMs)
      },
    )
  }
}
