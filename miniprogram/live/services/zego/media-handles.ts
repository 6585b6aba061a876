/**
 * What the stream components (live/components/zego-pusher, zego-player) let the service do. The
 * service drives them so that the order rules hold: the SDK is told first, the component second.
 */
export interface PusherHandle {
  startPreview(): void
  /** Starts publishing to a URL from startPublishingStream. */
  start(url: string): void
  /** Stops and starts again on a fresh URL (recovery after ZegoCode.pusherGaveUp). */
  restart(url: string): void
  stop(): void
  switchCamera(): void
}

export interface PlayerHandle {
  readonly streamID: string
  play(url: string): void
  /** Stops and plays again on a fresh URL (recovery after ZegoCode.playerGaveUp). */
  replay(url: string): void
  stop(): void
}
