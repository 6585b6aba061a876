/**
 * Which status reports an anchor's console may make about its own room. Admins set any status
 * through PATCH; this is the narrower path the live itself drives.
 */
import type { RoomLiveStatus, RoomStatus } from '../../../miniprogram/contract/room-schemas'

export type LiveTransition = { kind: 'change' } | { kind: 'same' } | { kind: 'refused'; message: string }

export function liveTransition(from: RoomStatus, to: RoomLiveStatus): LiveTransition {
  if (from === 'cancelled') return { kind: 'refused', message: `the room was cancelled; it cannot be marked ${to} (an admin must reschedule it first)` }
  if (from === to) return { kind: 'same' }
  // scheduled → ended is allowed too: the console's "live" report can be lost on a bad network,
  // and the live it ended did happen.
  return { kind: 'change' }
}
