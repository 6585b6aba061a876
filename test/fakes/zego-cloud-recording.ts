/**
 * ZEGO cloud recording (`POST /?Action=StartRecord|StopRecord|DescribeRecordStatus`, JSON body),
 * played by a local node:http server. As ZEGO documents it (replays-channels-admin.md §1):
 * - public query parameters signed `md5(AppId + SignatureNonce + ServerSecret + Timestamp)`,
 *   SignatureVersion 2.0, 10-minute window; every call is checked and recorded in the ledger;
 * - StartRecord: RoomId, RecordMode, Vendor and the storage fields each vendor needs, MaxIdleTime
 *   in 5–86400; a ClientTaskId already used answers the existing task's 16-character TaskId;
 * - a task records the anchor's stream into files: a gap in the stream longer than MaxIdleTime
 *   ends the task abnormally (quit_reason 3), a shorter one continues the same file with FillBlank
 *   (a new file without it); StopRecord ends it (300001001 when it had ended, 300001000 unknown);
 * - DescribeRecordStatus answers Status and RecordFiles in PascalCase;
 * - the status callback ZEGO would post is built here, signed with the CallbackSecret, with the
 *   documented snake_case fields (upload_status, file_info[] with status 3/4/5, quit_reason).
 * Faults: Code ≠ 0, HTTP 5xx, no answer, and a StartRecord that creates its task but whose answer
 * is lost.
 */
import { checkZegoSignature } from './zego-signature'
import type http from 'node:http'
import { zegoCallbackSignature } from '../../server/src/zego/callback-signature'
import { LoopbackHttpFake } from './loopback-http'
import { callbackDetail, closeFile, describedFiles, type FakeTask, type RecordingFault, type RecordingLedgerEntry } from './zego-recording-tasks'

type Json = Record<string, unknown>

const VENDORS_NEEDING_REGION = new Set([1, 2, 3, 4, 7, 9, 10])

export class FakeCloudRecording extends LoopbackHttpFake {
  readonly ledger: RecordingLedgerEntry[] = []
  readonly tasks = new Map<string, FakeTask>()
  private readonly faults: RecordingFault[] = []
  private serial = 0
  private sequence = 0

  constructor(
    readonly appId: number,
    readonly serverSecret: string,
    readonly callbackSecret: string,
    /** ZEGO's clock; tests pass the server's. */
    private readonly nowMs: () => number,
    /** Where uploaded files are served from (the bucket's domain). */
    readonly bucketOrigin = 'https://bucket.example-oss.com',
  ) {
    super()
  }

  injectFault(fault: RecordingFault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.faults.push(fault)
  }

  callsTo(action: string): RecordingLedgerEntry[] {
    return this.ledger.filter((c) => c.action === action)
  }

  taskOfRoom(roomId: string): FakeTask[] {
    return [...this.tasks.values()].filter((t) => t.roomId === roomId)
  }

  /**
   * The anchor's stream left the room for `seconds` and came back (a drop-out). Longer than the
   * task's MaxIdleTime: the task ends abnormally with what it recorded. Shorter: FillBlank keeps
   * the same file, otherwise the file closes and a new one starts when the stream returns.
   */
  streamGap(taskId: string, goneAtMs: number, seconds: number): void {
    const task = this.mustTask(taskId)
    if (task.status !== 2) return
    if (seconds > task.maxIdleSeconds) {
      closeFile(task, goneAtMs, this.bucketOrigin)
      task.status = 4
      task.quitReason = 3
      task.endMs = goneAtMs + task.maxIdleSeconds * 1000
      return
    }
    if (!task.fillBlank) {
      closeFile(task, goneAtMs, this.bucketOrigin)
      task.fileStartMs = goneAtMs + seconds * 1000
    }
  }

  /**
   * ZEGO closed the file being written at `atMs` and went on in a new one (a republish without
   * FillBlank does this, and so does a task that outlives a file's limits).
   */
  splitFile(taskId: string, atMs: number): void {
    const task = this.mustTask(taskId)
    if (task.status !== 2) return
    closeFile(task, atMs, this.bucketOrigin)
    task.fileStartMs = atMs
  }

  /** Marks one of a task's files as not uploaded to the bucket (4: in ZEGO's backup storage, 5: lost). */
  failUpload(taskId: string, index: number, status: 4 | 5): void {
    const file = this.mustTask(taskId).files[index]
    if (file === undefined) throw new Error(`task ${taskId} has no file ${index}`)
    file.status = status
  }

  /** The callback ZEGO posts for `eventType`, signed; `detail` defaults to what the event documents for the task. */
  callback(taskId: string, eventType: number, over: { detail?: Json; secret?: string; timestamp?: number } = {}): Json {
    const task = this.mustTask(taskId)
    const timestamp = String(over.timestamp ?? Math.floor(this.nowMs() / 1000))
    const nonce = String(100000 + (this.sequence % 900000))
    const detail = over.detail ?? callbackDetail(task, eventType)
    const body: Json = {
      app_id: this.appId,
      task_id: task.taskId,
      room_id: task.roomId,
      event_type: eventType,
      message: '',
      nonce,
      timestamp,
      signature: zegoCallbackSignature(over.secret ?? this.callbackSecret, timestamp, nonce),
      sequence: this.sequence,
      detail,
    }
    this.sequence += 1
    return body
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => this.answer(req, res, Buffer.concat(chunks).toString('utf8')))
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const params = Object.fromEntries(url.searchParams)
    let body: Json = {}
    let bodyError = false
    try {
      body = raw === '' ? {} : (JSON.parse(raw) as Json)
    } catch {
      bodyError = true
    }
    const signature = checkZegoSignature(params, this.serverSecret, Math.floor(this.nowMs() / 1000))
    const action = params.Action ?? ''
    this.ledger.push({ action, params, body, signature })
    const requestId = `fake-record-${this.ledger.length}`
    const fault = this.faults.shift()
    if (fault?.kind === 'timeout') return void this.held.push(res)
    if (fault?.kind === 'http') {
      res.writeHead(fault.status, { 'content-type': 'text/html' })
      return void res.end('<html>Bad Gateway</html>')
    }
    if (fault?.kind === 'code') return this.send(res, { Code: fault.code, Message: fault.message ?? 'injected', RequestId: requestId })
    if (req.method !== 'POST' || req.headers['content-type']?.startsWith('application/json') !== true || bodyError) {
      return this.send(res, { Code: 300000004, Message: 'business parameters go in a POST JSON body', RequestId: requestId })
    }
    if (params.AppId !== String(this.appId)) return this.send(res, { Code: 100000005, Message: 'signature wrong (unknown AppId)', RequestId: requestId })
    if (signature === 'expired') return this.send(res, { Code: 100000004, Message: 'signature expired', RequestId: requestId })
    if (signature !== 'ok') return this.send(res, { Code: 100000005, Message: 'signature wrong', RequestId: requestId })

    let answer: Json
    switch (action) {
      case 'StartRecord':
        answer = this.startRecord(body)
        break
      case 'StopRecord':
        answer = this.stopRecord(body)
        break
      case 'DescribeRecordStatus':
        answer = this.describe(body)
        break
      default:
        answer = { Code: 300000004, Message: `no fake for Action ${action}` }
    }
    if (fault?.kind === 'lost_answer') return void this.held.push(res)
    this.send(res, { RequestId: requestId, ...answer })
  }

  private startRecord(body: Json): Json {
    const input = (body.RecordInputParams ?? {}) as Json
    const storage = (body.StorageParams ?? {}) as Json
    const invalid = (message: string): Json => ({ Code: 300000004, Message: message })
    if (typeof body.RoomId !== 'string' || body.RoomId === '') return invalid('RoomId is required')
    if (input.RecordMode !== 1 && input.RecordMode !== 2) return invalid('RecordInputParams.RecordMode must be 1 or 2')
    const maxIdle = input.MaxIdleTime ?? 30
    if (typeof maxIdle !== 'number' || maxIdle < 5 || maxIdle > 86400) return invalid('MaxIdleTime must be in 5–86400')
    const vendor = storage.Vendor
    if (typeof vendor !== 'number' || vendor < 1 || vendor > 10) return invalid('StorageParams.Vendor is required')
    for (const field of ['Bucket', 'AccessKeyId', 'AccessKeySecret', ...(VENDORS_NEEDING_REGION.has(vendor) ? ['Region'] : []), ...(vendor === 10 ? ['EndPoint'] : [])]) {
      if (typeof storage[field] !== 'string' || storage[field] === '') return invalid(`StorageParams.${field} is required for Vendor ${vendor}`)
    }
    const clientTaskId = typeof input.ClientTaskId === 'string' ? input.ClientTaskId : ''
    const existing = clientTaskId === '' ? undefined : [...this.tasks.values()].find((t) => t.clientTaskId === clientTaskId)
    if (existing !== undefined) return { Code: 0, Message: 'succeed', Data: { TaskId: existing.taskId } }
    const streams = Array.isArray(input.RecordStreamList) ? (input.RecordStreamList as Json[]) : []
    this.serial += 1
    const taskId = `FAKE${String(this.serial).padStart(12, '0')}`
    const now = this.nowMs()
    this.tasks.set(taskId, {
      taskId,
      clientTaskId,
      roomId: body.RoomId,
      streamId: typeof streams[0]?.StreamId === 'string' ? streams[0].StreamId : '',
      maxIdleSeconds: maxIdle,
      fillBlank: input.FillBlank === true,
      status: 2,
      quitReason: null,
      files: [],
      fileStartMs: now,
      beginMs: now,
      endMs: null,
      body,
    })
    return { Code: 0, Message: 'succeed', Data: { TaskId: taskId } }
  }

  private stopRecord(body: Json): Json {
    const task = typeof body.TaskId === 'string' ? this.tasks.get(body.TaskId) : undefined
    if (task === undefined) return { Code: 300001000, Message: 'task does not exist' }
    if (task.status !== 2) return { Code: 300001001, Message: 'task has ended' }
    const now = this.nowMs()
    closeFile(task, now, this.bucketOrigin)
    task.status = 3
    task.endMs = now
    return { Code: 0, Message: 'succeed' }
  }

  private describe(body: Json): Json {
    const task = typeof body.TaskId === 'string' ? this.tasks.get(body.TaskId) : undefined
    if (task === undefined) return { Code: 300001000, Message: 'task does not exist' }
    const data: Json = { RoomId: task.roomId, RecordMode: 1, StreamType: 3, RecordBeginTimestamp: task.beginMs, RecordEndTimestamp: task.endMs ?? 0, Status: task.status }
    if (task.files.length > 0) {
      data.RecordFiles = describedFiles(task)
    }
    return { Code: 0, Message: 'succeed', Data: data }
  }

  private mustTask(taskId: string): FakeTask {
    const task = this.tasks.get(taskId)
    if (task === undefined) throw new Error(`the fake has no task ${taskId}`)
    return task
  }

  private send(res: http.ServerResponse, json: Json): void {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(json))
  }
}
