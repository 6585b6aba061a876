/**
 * How often the like button hands hearts and the total to the view: at once for a first tap, then
 * five setData calls a second at most, however fast taps and announcements come. Tests and the
 * benchmark swap the timer for one they drive.
 */
import { systemTimer, type BatchTimer } from '../../core/list-batcher'

export const likeButtonFlush: { intervalMs: number; timer: BatchTimer } = {
  intervalMs: 200,
  timer: systemTimer,
}
