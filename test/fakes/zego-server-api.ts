/**
 * ZEGO's server REST API (`GET /?Action=…`), played by a local node:http server on 127.0.0.1.
 * It checks the public parameters as ZEGO documents them (SignatureVersion 2.0, a 16-hex nonce,
 * a timestamp within 10 minutes, `md5(AppId + SignatureNonce + ServerSecret + Timestamp)`),
 * records every call's decoded parameters in a ledger, answers `SendBarrageMessage` with a
 * MessageId and `DescribeUserNum` (≤ 10 `RoomId[]`, rooms nobody is in left out of
 * `Data.UserCountList`) from the online counts a test sets, and injects the faults ZEGO really
 * produces: Code ≠ 0 (50001 room does not exist, 206 QPS limit, …), HTTP 5xx and requests that
 * never answer. DescribeUserNum over its documented 10 calls per second answers Code 206.
 *
 * `SendCustomCommand` (RoomId, FromUserId, ToUserId[] of at most 10 or none for the whole room,
 * MessageContent of at most 1024 bytes) is handed to `onCustomCommand`, the way ZEGO hands it to
 * the room's clients as IMRecvCustomCommand(roomID, fromUser, command). Each Action is held to
 * ZEGO's 100 calls a second per AppID on the fake's clock: the call past it answers Code 206.
 */
import { checkZegoSignature, type ZegoSignatureCheck } from './zego-signature'
import http from 'node:http'
import { LoopbackHttpFake } from './loopback-http'

export interface ZegoLedgerEntry {
  method: string
  /** The query string as sent (still URL-encoded). */
  rawQuery: string
  params: Record<string, string>
  /** Parameters sent more than once or as `Name[]` (e.g. DescribeUserNum's `RoomId[]`), all values in order. */
  lists: Record<string, string[]>
  /** What the signature check concluded (every call is checked, even when a fault is injected). */
  signature: ZegoSignatureCheck
}

/** `roomId`: only a call for that room meets the fault (other rooms' calls pass it by). */
export type ZegoFault = (
  | { kind: 'code'; code: number; message?: string }
  | { kind: 'http'; status: number }
  /** Holds the request without answering until the fake closes (the client must time out). */
  | { kind: 'timeout' }
) & { roomId?: string }

type Json = Record<string, unknown>

const MAX_MESSAGE_BYTES = 1024
const MAX_TO_USERS = 10

/** A custom command ZEGO took, as a room member's IMRecvCustomCommand would see it. */
export interface DeliveredCommand {
  roomId: string
  fromUserId: string
  /** Empty: the whole room. */
  toUserIds: string[]
  content: string
  /** The fake's clock when it was taken. */
  atSecond: number
}
const USER_NUM_MAX_ROOMS = 10
const USER_NUM_PER_SECOND = 10

export class FakeZegoServerApi extends LoopbackHttpFake {
  readonly ledger: ZegoLedgerEntry[] = []
  private readonly faults: ZegoFault[] = []
  private messageSerial = 0
  /** Calls per `Action|second` on the fake's clock. */
  private readonly perSecond = new Map<string, number>()
  /** ZEGO's per-AppID limit for each message Action (100/s; 10/s on a test environment). */
  qpsLimit = 100
  readonly commands: DeliveredCommand[] = []
  /** Where a taken custom command goes: tests deliver it to the room's fake engines. */
  onCustomCommand: ((command: DeliveredCommand) => void) | null = null
  /** Who is in each room, as DescribeUserNum reports it. */
  private readonly online = new Map<string, { userCount: number; adminUserCount: number }>()
  private readonly userNumCallsPerSecond = new Map<number, number>()

  constructor(
    readonly appId: number,
    readonly serverSecret: string,
    /** ZEGO's clock, for the 10-minute signature window; tests pass the server's clock. */
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    super()
  }

  /** The next `times` calls fail with `fault`, in the order injected. */
  injectFault(fault: ZegoFault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.faults.push(fault)
  }

  /** The room's online count from now on; 0 users takes the room out of ZEGO's answer (it is destroyed). */
  setOnline(roomId: string, userCount: number, adminUserCount = 0): void {
    if (userCount === 0) this.online.delete(roomId)
    else this.online.set(roomId, { userCount, adminUserCount })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  callsTo(action: string): ZegoLedgerEntry[] {
    return this.ledger.filter((c) => c.params.Action === action)
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const params = Object.fromEntries(url.searchParams)
    const lists: Record<string, string[]> = {}
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key)
      if (key.endsWith('[]') || values.length > 1) lists[key.replace(/\[\]$/, '')] = values
    }
    const signature = checkZegoSignature(params, this.serverSecret, this.nowSeconds())
    this.ledger.push({ method: req.method ?? 'GET', rawQuery: url.search.slice(1), params, lists, signature })
    const requestId = `fake-request-${this.ledger.length}`

    const index = this.faults.findIndex((f) => f.roomId === undefined || f.roomId === params.RoomId)
    const fault = index < 0 ? undefined : this.faults.splice(index, 1)[0]
    if (fault?.kind === 'timeout') {
      this.held.push(res)
      return
    }
    if (fault?.kind === 'http') {
      res.writeHead(fault.status, { 'content-type': 'text/html' })
      res.end('<html>Internal Server Error</html>')
      return
    }
    if (fault?.kind === 'code') return this.send(res, { Code: fault.code, Message: fault.message ?? 'injected', RequestId: requestId })

    if (params.SignatureVersion !== '2.0') return this.send(res, { Code: 100000014, Message: 'only SignatureVersion 2.0 is supported', RequestId: requestId })
    if (params.AppId !== String(this.appId)) return this.send(res, { Code: 100000005, Message: 'signature wrong (unknown AppId)', RequestId: requestId })
    if (signature === 'expired') return this.send(res, { Code: 100000004, Message: 'signature expired', RequestId: requestId })
    if (signature !== 'ok') return this.send(res, { Code: 100000005, Message: 'signature wrong', RequestId: requestId })

    const slot = `${params.Action ?? ''}|${this.nowSeconds()}`
    const calls = (this.perSecond.get(slot) ?? 0) + 1
    this.perSecond.set(slot, calls)
    if (calls > this.qpsLimit) return this.send(res, { Code: 206, Message: 'app QPS limited', RequestId: requestId })

    switch (params.Action) {
      case 'SendBarrageMessage':
      case 'SendBroadcastMessage':
        return this.send(res, this.sendMessage(params, requestId))
      case 'SendCustomCommand':
        return this.send(res, this.sendCustomCommand(url.searchParams, requestId))
      case 'DescribeUserNum':
        return this.send(res, this.describeUserNum(lists.RoomId ?? [], requestId))
      default:
        return this.send(res, { Code: 100000001, Message: `no fake for Action ${params.Action ?? '(none)'}`, RequestId: requestId })
    }
  }

  private sendMessage(params: Record<string, string>, requestId: string): Json {
    if (!params.RoomId || !params.UserId) return { Code: 100000002, Message: 'RoomId and UserId are required', RequestId: requestId }
    if (params.MessageCategory !== '1' && params.MessageCategory !== '2') return { Code: 100000002, Message: 'MessageCategory must be 1 or 2', RequestId: requestId }
    const content = params.MessageContent ?? ''
    if (content.length === 0) return { Code: 100000002, Message: 'MessageContent is required', RequestId: requestId }
    if (Buffer.byteLength(content, 'utf8') > MAX_MESSAGE_BYTES) return { Code: 50012, Message: 'message too long', RequestId: requestId }
    this.messageSerial += 1
    return { Code: 0, Message: 'success', RequestId: requestId, Data: { MessageId: `${1_700_000_000_000 + this.messageSerial}` } }
  }

  private sendCustomCommand(search: URLSearchParams, requestId: string): Json {
    const roomId = search.get('RoomId') ?? ''
    const fromUserId = search.get('FromUserId') ?? ''
    if (!roomId || !fromUserId) return { Code: 100000002, Message: 'RoomId and FromUserId are required', RequestId: requestId }
    const toUserIds = search.getAll('ToUserId[]')
    if (toUserIds.length > MAX_TO_USERS) return { Code: 100000002, Message: `at most ${MAX_TO_USERS} ToUserId[]`, RequestId: requestId }
    const content = search.get('MessageContent') ?? ''
    if (content.length === 0) return { Code: 100000002, Message: 'MessageContent is required', RequestId: requestId }
    if (Buffer.byteLength(content, 'utf8') > MAX_MESSAGE_BYTES) return { Code: 50012, Message: 'message too long', RequestId: requestId }
    const command: DeliveredCommand = { roomId, fromUserId, toUserIds, content, atSecond: this.nowSeconds() }
    this.commands.push(command)
    this.onCustomCommand?.(command)
    return { Code: 0, Message: 'success', RequestId: requestId }
  }

  private describeUserNum(roomIds: string[], requestId: string): Json {
    const second = this.nowSeconds()
    const calls = (this.userNumCallsPerSecond.get(second) ?? 0) + 1
    this.userNumCallsPerSecond.set(second, calls)
    if (calls > USER_NUM_PER_SECOND) return { Code: 206, Message: 'app QPS limited', RequestId: requestId }
    if (roomIds.length === 0 || roomIds.length > USER_NUM_MAX_ROOMS) return { Code: 100000002, Message: `RoomId[] takes 1 to ${USER_NUM_MAX_ROOMS} rooms`, RequestId: requestId }
    const UserCountList = roomIds.flatMap((RoomId) => {
      const count = this.online.get(RoomId)
      return count === undefined ? [] : [{ RoomId, UserCount: count.userCount, AdminUserCount: count.adminUserCount }]
    })
    return { Code: 0, Message: 'success', RequestId: requestId, Data: { UserCountList } }
  }

  private send(res: http.ServerResponse, json: Json): void {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(json))
  }
}
