/**
 * Publishing and playing, with the order rules and the recovery the platform requires:
 * stopPublishingStream before the pusher's stop(), stopPlayingStream before the player's stop(),
 * republish when the pusher gives up (ZegoCode.pusherGaveUp) and replay when the player does
 * (ZegoCode.playerGaveUp), when the room is connected (else after it reconnects),
 * and at most `maxAttempts` automatic restarts before asking the person.
 */
import { liveRoomStore as store } from '../../stores/live-room'
import type { ZegoEngine } from './sdk-types'
import type { PlayerHandle, PusherHandle } from './media-handles'
import { streamFailureMessage, ZegoCode } from '../../core/zego-error-codes'
import { zegoSdkError } from './sdk-error'

const maxAttempts = 3

interface PlayEntry {
  url: string
  handle: PlayerHandle | null
  attempts: number
}

function messageOf(err: unknown): { code: number; message: string } {
  const { code, message } = zegoSdkError(err)
  return { code, message: message || `错误码 ${code}` }
}

export class StreamControl {
  private pusher: PusherHandle | null = null
  private publishing: { streamID: string; url: string; attempts: number } | null = null
  private needRepublish = false
  private readonly plays = new Map<string, PlayEntry>()
  private readonly needReplay = new Set<string>()

  constructor(private readonly engine: () => ZegoEngine) {}

  // ---- components ----------------------------------------------------------------------------

  attachPusher(handle: PusherHandle): void {
    this.pusher = handle
    if (store.permission === 'granted') handle.startPreview()
  }

  detachPusher(handle: PusherHandle): void {
    if (this.pusher !== handle) return
    // A pusher leaving while live still obeys the order: SDK first, component second.
    if (this.publishing) this.stopPublishing()
    this.pusher = null
  }

  hasPusher(): boolean {
    return this.pusher !== null
  }

  startPreview(): void {
    this.pusher?.startPreview()
  }

  switchCamera(): void {
    this.pusher?.switchCamera()
  }

  attachPlayer(handle: PlayerHandle): void {
    const entry = this.plays.get(handle.streamID)
    if (!entry) return
    entry.handle = handle
    if (entry.url) handle.play(entry.url)
  }

  detachPlayer(handle: PlayerHandle): void {
    const entry = this.plays.get(handle.streamID)
    if (!entry || entry.handle !== handle) return
    this.stopPlaying(handle.streamID)
  }

  // ---- publish -------------------------------------------------------------------------------

  isPublishing(): boolean {
    return this.publishing !== null
  }

  /** Publishing stopped for good: the anchor decides what next (the banner offers a retry). */
  private failPublish(code: number, message: string): void {
    this.stopPublishing()
    store.setWantLive(false, Date.now())
    store.fail({ kind: 'publish', code, message })
  }

  async startPublishing(streamID: string): Promise<void> {
    const entry = { streamID, url: '', attempts: 0 }
    this.publishing = entry
    store.publishRequested(streamID)
    try {
      const { url } = await this.engine().startPublishingStream(streamID)
      if (this.publishing !== entry) return
      entry.url = url
      if (!this.pusher) throw { code: 0, msg: '推流组件未就绪' }
      this.pusher.start(url)
    } catch (err) {
      if (this.publishing !== entry) return
      const { code, message } = messageOf(err)
      this.failPublish(code, message)
    }
  }

  stopPublishing(): void {
    const entry = this.publishing
    if (!entry) return
    this.publishing = null
    this.needRepublish = false
    this.engine().stopPublishingStream(entry.streamID)
    this.pusher?.stop()
    store.publishStopped()
  }

  /** publisherStateUpdate: ZegoCode.pusherGaveUp restarts publishing on a fresh URL. */
  onPublisherState(streamID: string, state: string, errorCode: number): void {
    const entry = this.publishing
    if (!entry || entry.streamID !== streamID) return
    if (state === 'PUBLISHING') {
      entry.attempts = 0
      if (store.failure?.kind === 'publish') store.clearFailure()
      return
    }
    if (state !== 'NO_PUBLISH' || errorCode === 0) return
    if (!store.isConnected) {
      this.needRepublish = true
      return
    }
    if (errorCode === ZegoCode.pusherGaveUp) void this.republish()
    else this.failPublish(errorCode, streamFailureMessage(errorCode))
  }

  async republish(): Promise<void> {
    const entry = this.publishing
    if (!entry) return
    this.needRepublish = false
    if (entry.attempts >= maxAttempts) {
      this.failPublish(ZegoCode.pusherGaveUp, '网络不稳定，自动恢复失败')
      return
    }
    entry.attempts++
    store.publishRequested(entry.streamID)
    try {
      const { url } = await this.engine().startPublishingStream(entry.streamID)
      if (this.publishing !== entry) return
      entry.url = url
      this.pusher?.restart(url)
    } catch (err) {
      if (this.publishing !== entry) return
      const { code, message } = messageOf(err)
      this.failPublish(code, message)
    }
  }

  // ---- play ----------------------------------------------------------------------------------

  isPlaying(streamID: string): boolean {
    return this.plays.has(streamID)
  }

  playingIds(): string[] {
    return [...this.plays.keys()]
  }

  async startPlaying(streamID: string): Promise<void> {
    if (this.plays.has(streamID)) return
    const entry: PlayEntry = { url: '', handle: null, attempts: 0 }
    this.plays.set(streamID, entry)
    store.playRequested(streamID)
    await this.fetchPlayUrl(streamID, entry, false)
  }

  private async fetchPlayUrl(streamID: string, entry: PlayEntry, replay: boolean): Promise<void> {
    try {
      const { url } = await this.engine().startPlayingStream(streamID, { sourceType: 'BGP' })
      if (this.plays.get(streamID) !== entry) return
      entry.url = url
      if (replay) entry.handle?.replay(url)
      else entry.handle?.play(url)
    } catch (err) {
      if (this.plays.get(streamID) !== entry) return
      const { code, message } = messageOf(err)
      this.stopPlaying(streamID)
      store.fail({ kind: 'play', code, message })
    }
  }

  stopPlaying(streamID: string): void {
    const entry = this.plays.get(streamID)
    if (!entry) return
    this.plays.delete(streamID)
    this.needReplay.delete(streamID)
    this.engine().stopPlayingStream(streamID)
    entry.handle?.stop()
    store.playStopped(streamID)
  }

  /** playerStateUpdate: ZegoCode.playerGaveUp plays again on a fresh URL. */
  onPlayerState(streamID: string, state: string, errorCode: number): void {
    const entry = this.plays.get(streamID)
    if (!entry) return
    if (state === 'PLAYING') {
      entry.attempts = 0
      if (store.failure?.kind === 'play') store.clearFailure()
      return
    }
    if (state !== 'NO_PLAY' || errorCode === 0) return
    if (errorCode !== ZegoCode.playerGaveUp) {
      // Anything but the player giving up is not healed by playing again on its own: say what
      // happened and let the viewer retry (重新加载), instead of loading for ever.
      this.stopPlaying(streamID)
      store.fail({ kind: 'play', code: errorCode, message: streamFailureMessage(errorCode) })
      return
    }
    if (store.isConnected) void this.replay(streamID)
    else this.needReplay.add(streamID)
  }

  async replay(streamID: string): Promise<void> {
    const entry = this.plays.get(streamID)
    if (!entry) return
    this.needReplay.delete(streamID)
    if (entry.attempts >= maxAttempts) {
      this.stopPlaying(streamID)
      store.fail({ kind: 'play', code: ZegoCode.playerGaveUp, message: '网络不稳定，自动恢复失败' })
      return
    }
    entry.attempts++
    store.playRequested(streamID)
    await this.fetchPlayUrl(streamID, entry, true)
  }

  // ---- recovery ------------------------------------------------------------------------------

  /**
   * After RECONNECTED, a CONNECTED that ends a reconnect, the app coming back to the foreground or
   * an audio interruption ending: restart whatever is not flowing.
   */
  recover(): void {
    if (!store.isConnected) return
    const pub = this.publishing
    if (pub && (this.needRepublish || store.publish?.state === 'NO_PUBLISH')) void this.republish()
    for (const id of this.playingIds()) {
      if (this.needReplay.has(id) || store.plays[id]?.state === 'NO_PLAY') void this.replay(id)
    }
  }

  /** Stops everything in order; the room itself is left by the caller. */
  stopAll(): void {
    this.stopPublishing()
    for (const id of this.playingIds()) this.stopPlaying(id)
  }
}
