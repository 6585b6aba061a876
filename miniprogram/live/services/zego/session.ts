import type { LiveRole } from '../../core/live-types'
import type { Throttled } from '../../core/throttle'

/** One live page's stay in one room. */
export interface Session {
  readonly ticket: number
  readonly role: LiveRole
  readonly roomId: string
  /** The token's user, the identity the room was entered with. */
  userId: string
  inRoom: boolean
  readonly online: Throttled<number>
}

/** Whether `s` is still the open session: answers that arrive after its page closed are dropped. */
export function isOpen(current: Session | null, s: Session): boolean {
  return current !== null && current.ticket === s.ticket
}
