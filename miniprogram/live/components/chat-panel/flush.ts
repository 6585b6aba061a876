/**
 * How often the chat panel hands comments to the view: five setData calls a second at most,
 * however fast comments come. Tests swap the timer for one they drive.
 */
import { systemTimer, type BatchTimer } from '../../core/list-batcher'

export const chatPanelFlush: { intervalMs: number; timer: BatchTimer } = {
  intervalMs: 200,
  timer: systemTimer,
}
