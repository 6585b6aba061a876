import type { QualityLevel } from './live-types'

/** The parts of a ZEGO quality sample (publish or play) that decide the level. */
export interface QualitySample {
  video: { videoFPS: number; videoBitrate: number; videoPacketsLostRate: number }
  audio: { audioBitrate: number; audioPacketsLostRate: number }
}

/** Loss rates arrive as a fraction on some platforms and as a percentage on others. */
function asFraction(rate: number): number {
  return rate > 1 ? rate / 100 : rate
}

/**
 * Reduces a once-a-second sample to a level the anchor can act on. Only a level change reaches the
 * store, so a steady stream of samples costs no setData at all.
 */
export function qualityLevel(sample: QualitySample): QualityLevel {
  const { video, audio } = sample
  if (video.videoBitrate <= 0 && audio.audioBitrate <= 0) return 'poor'
  const loss = Math.max(asFraction(video.videoPacketsLostRate), asFraction(audio.audioPacketsLostRate))
  if (loss >= 0.1 || (video.videoBitrate > 0 && video.videoFPS < 5)) return 'poor'
  if (loss >= 0.03 || (video.videoBitrate > 0 && video.videoFPS < 12)) return 'fair'
  return 'good'
}

export const qualityText: Record<QualityLevel, string> = {
  unknown: '网络检测中',
  good: '网络良好',
  fair: '网络一般',
  poor: '网络较差',
}
