/**
 * The tasks and files of the fake ZEGO cloud recording (zego-cloud-recording.ts) and how ZEGO
 * writes them out: files as DescribeRecordStatus lists them, the status callback's detail
 * (snake_case, replays-channels-admin.md §1), and how a task closes the file it is writing.
 */
import type { ZegoSignatureCheck } from './zego-signature'

export interface RecordingLedgerEntry {
  action: string
  params: Record<string, string>
  body: Record<string, unknown>
  signature: ZegoSignatureCheck
}

export type RecordingFault =
  | { kind: 'code'; code: number; message?: string }
  | { kind: 'http'; status: number }
  | { kind: 'timeout' }
  /** The call takes effect at ZEGO but its answer never arrives (the client times out). */
  | { kind: 'lost_answer' }

export interface FakeFile {
  fileId: string
  fileUrl: string
  streamId: string
  beginMs: number
  durationMs: number
  sizeBytes: number
  /** 1 recording, 2 uploading, 3 uploaded to the customer's bucket, 4 ZEGO backup storage, 5 failed. */
  status: number
}

export interface FakeTask {
  taskId: string
  clientTaskId: string
  roomId: string
  streamId: string
  maxIdleSeconds: number
  fillBlank: boolean
  /** 2 recording, 3 ended, 4 ended abnormally. */
  status: number
  quitReason: number | null
  files: FakeFile[]
  /** Start of the file being written, while recording. */
  fileStartMs: number | null
  beginMs: number
  endMs: number | null
  body: Record<string, unknown>
}

type Json = Record<string, unknown>

/** Bytes a second of the fake's "video" takes (only so sizes are plausible and distinct). */
const BYTES_PER_SECOND = 150_000

/** A task's files as DescribeRecordStatus lists them (PascalCase). */
export function describedFiles(task: FakeTask): Json[] {
  return task.files.map((f) => ({
    UserId: f.streamId,
    UserName: f.streamId,
    StreamId: f.streamId,
    FileId: f.fileId,
    VideoId: '',
    FileUrl: f.fileUrl,
    OutputFileFormat: 'mp4',
    FileSize: f.sizeBytes,
    Duration: f.durationMs,
    ResolutionWidth: 720,
    ResolutionHeight: 1280,
    MediaTrackType: 3,
    BeginTimestamp: f.beginMs,
    Status: f.status,
  }))
}

/** The `detail` of the status callback ZEGO posts for `eventType` about `task`. */
export function callbackDetail(task: FakeTask, eventType: number): Json {
  if (eventType === 1) {
    return {
      upload_status: task.files.every((f) => f.status === 3) ? 1 : 2,
      file_info: task.files.map((f) => ({
        user_id: f.streamId,
        user_name: f.streamId,
        stream_id: f.streamId,
        file_id: f.fileId,
        video_id: '',
        // Files that did not reach the customer's bucket have no URL there.
        file_url: f.status === 3 ? f.fileUrl : '',
        output_file_format: 'mp4',
        file_size: f.sizeBytes,
        duration: f.durationMs,
        resolution_width: 720,
        resolution_height: 1280,
        media_track_type: 3,
        begin_timestamp: f.beginMs,
        status: f.status,
      })),
    }
  }
  if (eventType === 2) return { quit_reason: task.quitReason ?? 1001 }
  if (eventType === 6) return { stream_id: task.streamId }
  return {}
}

/** The task stops writing its current file at `atMs`; a file of no length is dropped. */
export function closeFile(task: FakeTask, atMs: number, bucketOrigin: string): void {
  if (task.fileStartMs === null) return
  const begin = task.fileStartMs
  const durationMs = Math.max(0, atMs - begin)
  task.fileStartMs = null
  if (durationMs === 0) return
  const utc = new Date(begin).toISOString().replace(/[-:TZ.]/g, '')
  const folder = typeof (task.body.RecordOutputParams as Json | undefined)?.OutputFolder === 'string' ? String((task.body.RecordOutputParams as Json).OutputFolder) : ''
  const fileId = `${task.taskId}_${task.roomId}_${task.streamId}_${task.streamId}_VA_${utc}.mp4`
  task.files.push({ fileId, fileUrl: `${bucketOrigin}/${folder}${fileId}`, streamId: task.streamId, beginMs: begin, durationMs, sizeBytes: Math.round((durationMs / 1000) * BYTES_PER_SECOND), status: 3 })
}
