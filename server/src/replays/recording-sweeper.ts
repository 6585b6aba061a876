/**
 * What ZEGO's recording callback cannot guarantee (it is retried only twice, 5 s apart, then
 * dropped): StartRecord retried with the same ClientTaskId after a failure or a lost answer, stops
 * that fell due (a stream's close that no reconnect followed), and DescribeRecordStatus for tasks
 * stopped without an upload callback. Time is the app clock; tests call sweepOnce after moving it.
 */
import type { FastifyBaseLogger } from 'fastify'
import { PeriodicPass } from '../periodic-pass'
import type { LiveRecorder } from './live-recorder'
import type { LiveSessionsRepo } from './live-sessions-repo'

const BATCH = 50

export interface RecordingSweepReport {
  started: number
  stopped: number
  checked: number
}

export class RecordingSweeper {
  private readonly loop: PeriodicPass<RecordingSweepReport>

  constructor(
    private readonly repo: LiveSessionsRepo,
    private readonly recorder: LiveRecorder,
    private readonly log: FastifyBaseLogger,
    private readonly nowMs: () => number,
  ) {
    this.loop = new PeriodicPass(() => this.pass(), (err) => this.log.error({ err }, 'recording sweep failed'))
  }

  /** One pass; a pass already running is joined rather than doubled. */
  sweepOnce(): Promise<RecordingSweepReport> {
    return this.loop.run()
  }

  start(intervalMs: number): void {
    if (this.recorder.enabled) this.loop.start(intervalMs)
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  private async pass(): Promise<RecordingSweepReport> {
    const report: RecordingSweepReport = { started: 0, stopped: 0, checked: 0 }
    if (!this.recorder.enabled) return report
    // Sequential on purpose: ZEGO allows 10 DescribeRecordStatus a second, and a pass is small.
    for (const session of await this.repo.due(this.nowMs(), BATCH)) {
      if (session.record_state === 'starting') {
        await this.recorder.start(session.id)
        report.started += 1
      } else if (session.record_state === 'recording') {
        await this.recorder.stop(session.id)
        report.stopped += 1
      } else {
        await this.recorder.check(session.id)
        report.checked += 1
      }
    }
    return report
  }
}
