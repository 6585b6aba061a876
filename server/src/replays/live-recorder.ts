/**
 * Records each live of our ZEGO rooms with ZEGO cloud recording. The rooms' status writers call
 * in when a room goes live or ends; the session bookkeeping happens before they answer, the ZEGO
 * calls after (like reminders), so ZEGO's speed never delays a status change.
 *
 * - One recording per live: a room going live again within RECONNECT_GRACE_MS of a stream's close
 *   (an anchor's drop-out: ZEGO closes the stream, the SDK publishes it again) continues the same
 *   session, and StartRecord's ClientTaskId is the session ID, so a retried or repeated start
 *   returns the task that already runs.
 * - Stopped when the room ends: at once when the anchor or an admin ends it; after the grace when
 *   only ZEGO's stream close says so, because that is what a drop-out looks like too. MaxIdleTime
 *   keeps the task alive meanwhile.
 * - The files come from ZEGO's callback (record-callback.ts) or, when it never comes (ZEGO retries
 *   only twice), from DescribeRecordStatus asked by the sweeper (recording-sweeper.ts).
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Room } from '../../../miniprogram/contract/room-schemas'
import { newId } from '../db/ids'
import { ZegoApiError } from '../zego/server-api'
import type { CloudRecordingApi, RecordedFile } from './cloud-recording-api'
import type { LiveSession, LiveSessionsRepo } from './live-sessions-repo'

/** A live that comes back this soon after a stream's close is the same live. Below MaxIdleTime's default floor on purpose. */
export const RECONNECT_GRACE_MS = 120_000
/** After StopRecord: how long to wait for the upload callback (and ZEGO's two retries 5 s apart) before asking. */
export const CALLBACK_WAIT_MS = 120_000
const MAX_BACKOFF_MS = 10 * 60_000
/** After this many failed calls for one session the sweeper gives it up (and says so in the log). */
export const MAX_ATTEMPTS = 30

export type EndCause = 'anchor' | 'stream'

export interface LiveRecorderOptions {
  repo: LiveSessionsRepo
  /** null: recording is not configured; sessions are still kept for the explain timeline. */
  api: CloudRecordingApi | null
  log: FastifyBaseLogger
  nowMs: () => number
}

export const backoffMs = (attempts: number): number => Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.max(0, attempts - 1))

/** Timeouts, network errors and 5xx leave it open whether ZEGO created the task. */
const ambiguous = (err: unknown): boolean => err instanceof ZegoApiError && err.failure !== 'code' && err.failure !== 'invalid_json'
const describeError = (err: unknown): string => (err instanceof ZegoApiError ? `${err.failure}: ${err.message}` : err instanceof Error ? err.message : String(err))

export class LiveRecorder {
  private readonly running = new Set<Promise<void>>()

  constructor(private readonly options: LiveRecorderOptions) {}

  get enabled(): boolean {
    return this.options.api !== null
  }

  /** The room's status changed to live: open (or continue) its session, then start recording after the answer. */
  async roomWentLive(room: Room): Promise<LiveSession> {
    const { repo } = this.options
    const now = this.options.nowMs()
    const latest = await repo.latestForRoom(room.id)
    if (latest !== undefined && latest.ended_ms === null) return latest
    if (latest !== undefined && latest.ended_ms !== null && now - latest.ended_ms <= RECONNECT_GRACE_MS && (latest.record_state === 'recording' || latest.record_state === 'starting' || latest.record_state === 'off')) {
      if (await repo.reopen(latest.id, latest.ended_ms, now)) {
        this.options.log.info({ roomId: room.id, sessionId: latest.id }, 'live resumed within the reconnect grace: same recording')
        return { ...latest, ended_ms: null, stop_due_ms: null }
      }
    }
    const id = newId('live')
    const session: LiveSession = {
      id,
      room_id: room.id,
      started_ms: now,
      ended_ms: null,
      record_state: this.enabled ? 'starting' : 'off',
      client_task_id: id,
      task_id: null,
      stop_due_ms: null,
      next_check_ms: this.enabled ? now + backoffMs(1) : null,
      attempts: 0,
      upload_partial: 0,
      last_error: null,
      updated_ms: now,
    }
    await repo.create(session)
    if (this.enabled) this.later(() => this.start(session.id))
    return session
  }

  /** The room ended: close its session; stop the recording now (anchor, admin) or after the reconnect grace (stream close). */
  async roomEnded(room: Room, cause: EndCause): Promise<void> {
    const { repo } = this.options
    const now = this.options.nowMs()
    const latest = await repo.latestForRoom(room.id)
    if (latest === undefined || latest.ended_ms !== null) return
    const stopDue = cause === 'anchor' ? now : now + RECONNECT_GRACE_MS
    if (!(await repo.end(latest.id, now, latest.record_state === 'off' ? null : stopDue))) return
    if (cause === 'anchor' && latest.record_state === 'recording') this.later(() => this.stop(latest.id))
  }

  /** StartRecord (again) with the session's ClientTaskId; ZEGO answers the existing task when there is one. */
  async start(sessionId: string): Promise<void> {
    const { repo, log } = this.options
    const api = this.options.api
    const session = await repo.find(sessionId)
    if (api === null || session === undefined || session.record_state !== 'starting') return
    const room = await this.roomOf(session)
    if (room === null) return
    const now = this.options.nowMs()
    try {
      const taskId = await api.startRecord({ roomId: room.id, streamId: room.streamId, clientTaskId: session.client_task_id })
      const moved = await repo.transition(session.id, ['starting'], { record_state: 'recording', task_id: taskId, attempts: 0, next_check_ms: null, last_error: null }, this.options.nowMs())
      if (moved) log.info({ roomId: room.id, sessionId, taskId }, 'cloud recording started')
    } catch (err) {
      const attempts = session.attempts + 1
      // A live that already ended gets no new recording, unless a lost answer may hide a task that runs.
      const giveUp = attempts >= MAX_ATTEMPTS || (session.ended_ms !== null && !ambiguous(err))
      await repo.transition(session.id, ['starting'], giveUp ? { record_state: 'failed', attempts, next_check_ms: null, last_error: describeError(err) } : { attempts, next_check_ms: now + backoffMs(attempts), last_error: describeError(err) }, now)
      log.error({ roomId: room.id, sessionId, attempts, err: describeError(err) }, giveUp ? 'cloud recording could not be started; this live has no replay' : 'cloud recording did not start; retrying')
    }
  }

  /** StopRecord; then the files are awaited from the callback, or asked for after CALLBACK_WAIT_MS. */
  async stop(sessionId: string): Promise<void> {
    const { repo, log } = this.options
    const api = this.options.api
    const session = await repo.find(sessionId)
    if (api === null || session === undefined || session.record_state !== 'recording' || session.task_id === null) return
    // The live came back before the stop ran: it goes on recording.
    if (session.ended_ms === null) return
    const now = this.options.nowMs()
    try {
      await api.stopRecord(session.task_id)
      await repo.transition(session.id, ['recording'], { record_state: 'stopping', stop_due_ms: null, attempts: 0, next_check_ms: this.options.nowMs() + CALLBACK_WAIT_MS, last_error: null }, this.options.nowMs())
    } catch (err) {
      const attempts = session.attempts + 1
      // Whatever state the task is in, DescribeRecordStatus will tell; asking beats retrying forever.
      const set = attempts >= 5 ? { record_state: 'stopping' as const, stop_due_ms: null, attempts: 0, next_check_ms: now + CALLBACK_WAIT_MS } : { attempts, stop_due_ms: now + backoffMs(attempts) }
      await repo.transition(session.id, ['recording'], { ...set, last_error: describeError(err) }, now)
      log.warn({ roomId: session.room_id, sessionId, taskId: session.task_id, attempts, err: describeError(err) }, 'StopRecord failed; retrying')
    }
  }

  /** DescribeRecordStatus for a stopped task whose upload callback has not come. */
  async check(sessionId: string): Promise<void> {
    const { repo, log } = this.options
    const api = this.options.api
    const session = await repo.find(sessionId)
    if (api === null || session === undefined || session.record_state !== 'stopping' || session.task_id === null) return
    const now = this.options.nowMs()
    try {
      const status = await api.describeRecordStatus(session.task_id)
      const ended = status.status === 3 || status.status === 4
      if (!ended) {
        // Still recording or paused: a live that ended gets its stop again.
        if (session.ended_ms !== null) await repo.transition(session.id, ['stopping'], { record_state: 'recording', stop_due_ms: now, next_check_ms: null }, now)
        else await repo.transition(session.id, ['stopping'], { next_check_ms: now + CALLBACK_WAIT_MS }, now)
        return
      }
      if (status.files.some((f) => f.status === 1 || f.status === 2)) {
        await repo.transition(session.id, ['stopping'], { next_check_ms: now + CALLBACK_WAIT_MS }, now)
        return
      }
      await this.filesUploaded(session, status.files, 'DescribeRecordStatus')
    } catch (err) {
      const attempts = session.attempts + 1
      const notFound = err instanceof ZegoApiError && err.code === 300001000
      const giveUp = notFound || attempts >= MAX_ATTEMPTS
      await repo.transition(session.id, ['stopping'], giveUp ? { record_state: 'failed', attempts, next_check_ms: null, last_error: describeError(err) } : { attempts, next_check_ms: now + backoffMs(attempts), last_error: describeError(err) }, now)
      log.error({ roomId: session.room_id, sessionId, taskId: session.task_id, attempts, err: describeError(err) }, giveUp ? 'recording files could not be learned; this live has no replay' : 'DescribeRecordStatus failed; asking again later')
    }
  }

  /**
   * The task's files are known (callback event 1 or DescribeRecordStatus): those in our bucket are
   * stored once each; files in ZEGO's backup storage (kept 3 days only) or lost are logged as errors.
   */
  async filesUploaded(session: LiveSession, files: readonly RecordedFile[], source: string): Promise<number> {
    const { repo, log } = this.options
    const now = this.options.nowMs()
    const playable = files.filter((f) => f.status === 3 && f.fileId !== '' && f.fileUrl !== '' && f.durationMs > 0)
    const added = await repo.addSegments(session, playable, now)
    const partial = playable.length < files.length
    for (const f of files) {
      if (f.status === 4) log.error({ roomId: session.room_id, sessionId: session.id, fileId: f.fileId }, 'recording file is in ZEGO backup storage (kept 3 days only): copy it to the bucket')
      else if (f.status !== 3) log.error({ roomId: session.room_id, sessionId: session.id, fileId: f.fileId, status: f.status }, 'recording file was not uploaded')
    }
    await repo.transition(session.id, ['starting', 'recording', 'stopping', 'failed'], { record_state: 'done', next_check_ms: null, stop_due_ms: null, upload_partial: partial ? 1 : 0 }, now)
    log.info({ roomId: session.room_id, sessionId: session.id, source, files: files.length, added, partial }, 'recording files stored')
    return added
  }

  /** ZEGO says the task ended or is uploading (events 2, 5, 7): wait for the files, then ask for them. */
  async taskEnded(session: LiveSession): Promise<void> {
    const now = this.options.nowMs()
    await this.options.repo.transition(session.id, ['starting', 'recording'], { record_state: 'stopping', stop_due_ms: null, attempts: 0, next_check_ms: now + CALLBACK_WAIT_MS }, now)
  }

  /** Runs `work` after the current answer; failures are logged, never thrown at the caller. */
  later(work: () => Promise<void>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => this.options.log.error({ err: describeError(err) }, 'recording work failed'))
      .finally(() => this.running.delete(run))
    this.running.add(run)
  }

  /** Resolves when the work started so far has finished (the app waits on close; tests too). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running])
  }

  private async roomOf(session: LiveSession): Promise<{ id: string; streamId: string } | null> {
    return (await this.options.repo.roomStream(session.room_id)) ?? null
  }
}
