/**
 * ZEGO's server REST API (`https://rtc-api.zego.im/?Action=…`), used to deliver live comments and
 * to announce a room's likes, and
 * `DescribeUserNum` to read rooms' online counts.
 * Every request is signed with `md5(AppId + SignatureNonce + ServerSecret + Timestamp)` and a fresh
 * nonce. The signature is as good as the secret for ten minutes, so neither it nor the URL that
 * carries it ever reaches an error message or a log line.
 */
import { createHash } from 'node:crypto'
import { UpstreamClient, UpstreamRequestError } from '../http/upstream-client'

/** ZEGO documents MessageContent as at most 1024 bytes. */
export const MAX_MESSAGE_BYTES = 1024

export type ZegoFailure = 'timeout' | 'network' | 'http' | 'code' | 'invalid_json'

export class ZegoApiError extends Error {
  constructor(
    readonly failure: ZegoFailure,
    message: string,
    /** ZEGO's `Code` when it answered one (e.g. 50001 room does not exist, 206 QPS limit). */
    readonly code?: number,
    readonly httpStatus?: number,
  ) {
    super(message)
    this.name = 'ZegoApiError'
  }
}

/** ZEGO's signature v2.0: decimal AppId and Timestamp concatenated as strings; 32 lowercase hex. */
export function signZegoRequest(appId: number, signatureNonce: string, serverSecret: string, timestampSeconds: number): string {
  return createHash('md5').update(`${appId}${signatureNonce}${serverSecret}${timestampSeconds}`).digest('hex')
}

/** The public parameters of every ZEGO server API (rtc-api and cloudrecord-api alike), signed with a fresh nonce, then `params`. */
export function signedQuery(
  options: { appId: number; serverSecret: string; nowMs: () => number; randomBytes: (size: number) => Buffer },
  action: string,
  params: Record<string, string> = {},
): string {
  const { appId, serverSecret } = options
  const nonce = options.randomBytes(8).toString('hex')
  const timestamp = Math.floor(options.nowMs() / 1000)
  const query: Record<string, string> = {
    Action: action,
    AppId: String(appId),
    SignatureNonce: nonce,
    Timestamp: String(timestamp),
    SignatureVersion: '2.0',
    Signature: signZegoRequest(appId, nonce, serverSecret, timestamp),
    ...params,
  }
  // encodeURIComponent rather than URLSearchParams: a space becomes %20, never the ambiguous `+`.
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
}

export interface ZegoServerApiOptions {
  baseUrl: string
  appId: number
  serverSecret: string
  timeoutMs: number
  nowMs: () => number
  randomBytes: (size: number) => Buffer
}

export interface BarrageMessage {
  roomId: string
  /** The sender; ZEGO does not deliver the message back to a client logged in with this ID. */
  userId: string
  /** Shown as the sender's name (fromUser.userName); left out for the server's own batches. */
  userName?: string
  content: string
}

/** DescribeUserNum takes at most 10 RoomId[] per call (zego-platform.md 6.2). */
export const USER_NUM_ROOMS_PER_CALL = 10

export interface RoomUserCount {
  userCount: number
  adminUserCount: number
}

interface ZegoResponse {
  Code?: number
  Message?: string
  RequestId?: string
  Data?: { MessageId?: string | number; UserCountList?: unknown }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

export class ZegoServerApi {
  private readonly client: UpstreamClient

  constructor(private readonly options: ZegoServerApiOptions) {
    this.client = new UpstreamClient(options.baseUrl, options.timeoutMs)
  }

  /** Closes the kept-alive connections (the app's onClose). */
  close(): Promise<void> {
    return this.client.close()
  }

  /** `SendBarrageMessage` with MessageCategory 2 (chat); answers ZEGO's MessageId. Live comments go through it in batches (comments/comment-broadcaster.ts). */
  async sendBarrageMessage(message: BarrageMessage): Promise<{ messageId: string }> {
    const action = 'SendBarrageMessage'
    if (Buffer.byteLength(message.content, 'utf8') > MAX_MESSAGE_BYTES) {
      throw new ZegoApiError('code', `${action}: the message is longer than ${MAX_MESSAGE_BYTES} bytes`, 50012)
    }
    const body = await this.call(action, {
      RoomId: message.roomId,
      UserId: message.userId,
      ...(message.userName === undefined ? {} : { UserName: message.userName }),
      MessageCategory: '2',
      MessageContent: message.content,
    })
    const messageId = body.Data?.MessageId
    if (typeof messageId !== 'string' && typeof messageId !== 'number') {
      throw new ZegoApiError('invalid_json', `${action} answered without a MessageId`)
    }
    return { messageId: String(messageId) }
  }

  /**
   * `SendCustomCommand` to the whole room (no ToUserId): clients receive IMRecvCustomCommand(roomID,
   * fromUser, command). Every member but one logged in as `fromUserId` gets it.
   */
  async sendCustomCommand(command: { roomId: string; fromUserId: string; content: string }): Promise<void> {
    const action = 'SendCustomCommand'
    if (Buffer.byteLength(command.content, 'utf8') > MAX_MESSAGE_BYTES) {
      throw new ZegoApiError('code', `${action}: the message is longer than ${MAX_MESSAGE_BYTES} bytes`, 50012)
    }
    await this.call(action, { RoomId: command.roomId, FromUserId: command.fromUserId, MessageContent: command.content })
  }

  /**
   * `DescribeUserNum` for up to 10 rooms: each room's online count. ZEGO leaves out rooms that do
   * not exist (a room with nobody left is destroyed); those count 0, as ZEGO documents.
   */
  async describeUserNum(roomIds: readonly string[]): Promise<Map<string, RoomUserCount>> {
    const action = 'DescribeUserNum'
    if (roomIds.length === 0 || roomIds.length > USER_NUM_ROOMS_PER_CALL) throw new RangeError(`${action} takes 1 to ${USER_NUM_ROOMS_PER_CALL} rooms, got ${roomIds.length}`)
    const body = await this.call(action, {}, { RoomId: roomIds })
    const list = body.Data?.UserCountList ?? []
    if (!Array.isArray(list)) throw new ZegoApiError('invalid_json', `${action} answered a UserCountList that is not a list`)
    const counts = new Map<string, RoomUserCount>(roomIds.map((id) => [id, { userCount: 0, adminUserCount: 0 }]))
    for (const entry of list as unknown[]) {
      const { RoomId, UserCount, AdminUserCount } = (entry ?? {}) as { RoomId?: unknown; UserCount?: unknown; AdminUserCount?: unknown }
      if (typeof RoomId !== 'string' || !isCount(UserCount) || !(AdminUserCount === undefined || isCount(AdminUserCount))) {
        throw new ZegoApiError('invalid_json', `${action} answered a UserCountList entry without RoomId and counts`)
      }
      // A room we did not ask about is ignored rather than trusted.
      if (counts.has(RoomId)) counts.set(RoomId, { userCount: UserCount, adminUserCount: AdminUserCount ?? 0 })
    }
    return counts
  }

  /** `lists` go out as ZEGO's repeated `Name[]=a&Name[]=b`. */
  private async call(action: string, params: Record<string, string>, lists: Record<string, readonly string[]> = {}): Promise<ZegoResponse> {
    const listed = Object.entries(lists).flatMap(([k, values]) => values.map((v) => `&${encodeURIComponent(k)}[]=${encodeURIComponent(v)}`))
    const search = signedQuery(this.options, action, params) + listed.join('')
    let body: ZegoResponse
    try {
      const res = await this.client.request({ method: 'GET', path: `/?${search}` }, action)
      if (res.status < 200 || res.status > 299) {
        await res.discard()
        throw new ZegoApiError('http', `${action} answered HTTP ${res.status}`, undefined, res.status)
      }
      body = (await res.json()) as ZegoResponse
    } catch (err) {
      if (err instanceof ZegoApiError) throw err
      if (err instanceof UpstreamRequestError) throw new ZegoApiError(err.kind, err.message)
      throw new ZegoApiError('invalid_json', `${action} answered a body that is not JSON`)
    }
    if (body.Code !== 0) {
      throw new ZegoApiError('code', `${action} answered Code ${body.Code ?? '?'} (${body.Message ?? ''}, RequestId ${body.RequestId ?? '?'})`, body.Code)
    }
    return body
  }
}
