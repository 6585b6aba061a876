/**
 * The fake ZEGO cloud behind the fake SDK engines (zego-engine.ts): the ledger of every SDK call,
 * in order (sharing the sequence with the wx ledger); what the cloud answers, which tests change
 * per case; and the rooms' extra info, kept as ZEGO keeps it (zego-platform.md §4):
 * - one key per room (a second key: 1002017; key over 10 bytes: 1002015; value over 128 bytes:
 *   1002016; an empty value is refused by the SDK itself with 1100001);
 * - the info is gone when the last engine leaves the room.
 */
import type { ZegoRoomExtraInfo, ZegoServerResponse, ZegoUser } from '../../miniprogram/live/services/zego/sdk-types'
import { roomExtraInfo } from './zego-fixtures'
import { callSequence } from './wx'

export interface EngineCall {
  seq: number
  engine: number
  method: string
  args: unknown[]
}

export const engineLedger = {
  calls: [] as EngineCall[],
  record(engine: number, method: string, args: unknown[]): void {
    this.calls.push({ seq: callSequence.next++, engine, method, args })
  },
  names(): string[] {
    return this.calls.map((c) => c.method)
  },
  of(method: string): EngineCall[] {
    return this.calls.filter((c) => c.method === method)
  },
  clear(): void {
    this.calls.length = 0
  },
}

/** What the fake cloud answers; tests change it per case and reset it in beforeEach. */
export const engineBehaviour = {
  systemRequirements: { code: 0, msg: '' },
  /** A rejection ({code, msg}) makes loginRoom fail; false makes it resolve false. */
  login: true as true | false | { code: number; msg: string },
  publishError: null as null | { code: number; msg: string },
  renewAccepted: true,
  /** setRoomExtraInfo rejects with this answer (e.g. extraInfoNetworkError, or {errorCode: 1002017}). */
  roomExtraInfoError: null as null | ZegoServerResponse,
  /** setRoomExtraInfo answers only once this settles: lets a test see a call in flight. */
  roomExtraInfoGate: null as null | Promise<void>,
}

/** What the SDK answers when the message could not be sent (zego-platform.md §4.1). */
export const extraInfoNetworkError: ZegoServerResponse = { errorCode: 1000017, extendedData: 'network disconnected' }

/** The fake ZEGO cloud's room extra info: room → key → entry. */
export const fakeRoomExtraInfo = new Map<string, Map<string, ZegoRoomExtraInfo>>()

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8')

export function resetEngineBehaviour(): void {
  engineBehaviour.systemRequirements = { code: 0, msg: '' }
  engineBehaviour.login = true
  engineBehaviour.publishError = null
  engineBehaviour.renewAccepted = true
  engineBehaviour.roomExtraInfoError = null
  engineBehaviour.roomExtraInfoGate = null
  fakeRoomExtraInfo.clear()
}

/**
 * Stores `key = value` in the room's extra info for `user` (null: not logged in to that room),
 * or throws the ZegoServerResponse the SDK rejects with. Answers the room's whole info after the change.
 */
export function writeRoomExtraInfo(roomID: string, key: string, value: string, user: ZegoUser | null): ZegoRoomExtraInfo[] {
  // The SDK's own checks reject before anything is sent (it refuses '' as a value).
  if (!key || !value) throw { errorCode: 1100001, extendedData: 'input parm error.' } satisfies ZegoServerResponse
  if (engineBehaviour.roomExtraInfoError) throw { ...engineBehaviour.roomExtraInfoError }
  if (!user) throw { errorCode: 1002014, extendedData: 'room not exist' } satisfies ZegoServerResponse
  if (byteLength(key) > 10) throw { errorCode: 1002015, extendedData: 'key too long' } satisfies ZegoServerResponse
  if (byteLength(value) > 128) throw { errorCode: 1002016, extendedData: 'value too long' } satisfies ZegoServerResponse
  const info = fakeRoomExtraInfo.get(roomID) ?? new Map<string, ZegoRoomExtraInfo>()
  if (info.size > 0 && !info.has(key)) throw { errorCode: 1002017, extendedData: 'room extra info key exceed the limit' } satisfies ZegoServerResponse
  const entry = roomExtraInfo(key, value, user.userID, Date.now())
  info.set(key, { ...entry, updateUser: { ...user } })
  fakeRoomExtraInfo.set(roomID, info)
  return [...info.values()]
}
