/**
 * ZEGO cloud recording (`https://cloudrecord-api.zego.im/?Action=…`): public parameters signed in
 * the query exactly like rtc-api, business parameters as a POST JSON body. The storage key is in
 * every StartRecord body, so neither the body nor the signed URL ever reaches a log line or an
 * error message.
 */
import { isFetchTimeout } from '../http/fetch-failure'
import { signedQuery, ZegoApiError } from '../zego/server-api'
import { STORAGE_VENDORS, type RecordingConfig } from './recording-config'

/** A task that already ended (StopRecord twice, or MaxIdleTime / MaxRecordTime ended it). */
export const TASK_ENDED_CODE = 300001001
export const TASK_NOT_FOUND_CODE = 300001000

export interface CloudRecordingOptions {
  config: RecordingConfig
  appId: number
  serverSecret: string
  timeoutMs: number
  nowMs: () => number
  randomBytes: (size: number) => Buffer
}

export interface StartRecordRequest {
  roomId: string
  streamId: string
  /** Ours, per room and live session: ZEGO answers the existing task's TaskId when it is reused. */
  clientTaskId: string
}

/** One recorded file, as DescribeRecordStatus and the upload callback both describe it (normalised). */
export interface RecordedFile {
  fileId: string
  fileUrl: string
  streamId: string
  sizeBytes: number
  durationMs: number
  beginMs: number
  /** 1 recording, 2 uploading, 3 in our bucket, 4 in ZEGO's backup storage (3 days), 5 failed. */
  status: number
  format: string
}

/** DescribeRecordStatus's task status: 1 initialising, 2 recording, 3 ended, 4 ended abnormally, 5 paused. */
export interface RecordStatus {
  status: number
  files: RecordedFile[]
}

interface CloudRecordResponse {
  Code?: number
  Message?: string
  RequestId?: string
  Data?: Record<string, unknown>
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : 0)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** DescribeRecordStatus names file fields in PascalCase, the callback in snake_case: both land here. */
export function recordedFile(raw: Record<string, unknown>): RecordedFile {
  const pick = (pascal: string, snake: string): unknown => raw[pascal] ?? raw[snake]
  return {
    fileId: str(pick('FileId', 'file_id')),
    fileUrl: str(pick('FileUrl', 'file_url')),
    streamId: str(pick('StreamId', 'stream_id')),
    sizeBytes: num(pick('FileSize', 'file_size')),
    durationMs: num(pick('Duration', 'duration')),
    beginMs: num(pick('BeginTimestamp', 'begin_timestamp')),
    status: num(pick('Status', 'status')),
    format: str(pick('OutputFileFormat', 'output_file_format')),
  }
}

export class CloudRecordingApi {
  constructor(private readonly options: CloudRecordingOptions) {}

  /** StartRecord of the anchor's stream alone, mp4 into our bucket; answers ZEGO's 16-character TaskId. */
  async startRecord(request: StartRecordRequest): Promise<string> {
    const { storage, maxIdleSeconds, callbackUrl } = this.options.config
    const body = await this.call('StartRecord', {
      RoomId: request.roomId,
      RecordInputParams: {
        RecordMode: 1,
        StreamType: 3,
        ClientTaskId: request.clientTaskId,
        RecordStreamList: [{ StreamId: request.streamId }],
        MaxIdleTime: maxIdleSeconds,
        // Single-stream: while the anchor is away ZEGO fills silence and keeps the same file
        // until the same stream ID publishes again, instead of starting a new file.
        FillBlank: true,
      },
      RecordOutputParams: {
        OutputFileFormat: 'mp4',
        OutputFolder: storage.folder,
        ...(callbackUrl === null ? {} : { CallbackUrl: callbackUrl }),
      },
      StorageParams: {
        Vendor: STORAGE_VENDORS[storage.vendor],
        Region: storage.region,
        Bucket: storage.bucket,
        AccessKeyId: storage.accessKeyId,
        AccessKeySecret: storage.accessKeySecret,
        ...(storage.endpoint === null ? {} : { EndPoint: storage.endpoint }),
      },
    })
    const taskId = body.Data?.TaskId
    if (typeof taskId !== 'string' || taskId === '') throw new ZegoApiError('invalid_json', 'StartRecord answered without a TaskId')
    return taskId
  }

  /** StopRecord; a task that had already ended counts as stopped. */
  async stopRecord(taskId: string): Promise<void> {
    try {
      await this.call('StopRecord', { TaskId: taskId })
    } catch (err) {
      if (err instanceof ZegoApiError && err.code === TASK_ENDED_CODE) return
      throw err
    }
  }

  async describeRecordStatus(taskId: string): Promise<RecordStatus> {
    const body = await this.call('DescribeRecordStatus', { TaskId: taskId })
    const data = body.Data ?? {}
    const files = Array.isArray(data.RecordFiles) ? (data.RecordFiles as unknown[]) : []
    return {
      status: num(data.Status),
      files: files.filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null).map(recordedFile),
    }
  }

  private async call(action: string, params: Record<string, unknown>): Promise<CloudRecordResponse> {
    const { config, timeoutMs } = this.options
    const signal = AbortSignal.timeout(timeoutMs)
    let res: Response
    try {
      res = await fetch(`${config.apiBase}/?${signedQuery(this.options, action)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal,
      })
    } catch (err) {
      if (isFetchTimeout(err, signal)) throw new ZegoApiError('timeout', `${action} timed out after ${timeoutMs} ms`)
      throw new ZegoApiError('network', `${action} failed: network error`)
    }
    if (!res.ok) {
      await res.body?.cancel()
      throw new ZegoApiError('http', `${action} answered HTTP ${res.status}`, undefined, res.status)
    }
    let body: CloudRecordResponse
    try {
      body = (await res.json()) as CloudRecordResponse
    } catch (err) {
      if (isFetchTimeout(err, signal)) throw new ZegoApiError('timeout', `${action} timed out after ${timeoutMs} ms`)
      throw new ZegoApiError('invalid_json', `${action} answered a body that is not JSON`)
    }
    if (body.Code !== 0) {
      throw new ZegoApiError('code', `${action} answered Code ${body.Code ?? '?'} (${body.Message ?? ''}, RequestId ${body.RequestId ?? '?'})`, body.Code)
    }
    return body
  }
}
