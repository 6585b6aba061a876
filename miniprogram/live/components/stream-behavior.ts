/**
 * What zego-player and zego-pusher share: the stream ID, the component mode (native <live-*> or
 * the 即构直播助手 plugin), the URL the SDK hands out, the forwarding of every statechange /
 * netstatus to the SDK with this stream's ID, and the handle the zego service drives. The handle
 * is let go when the component detaches (the service first, then the handle goes quiet: a late
 * setData callback must not touch a component that is gone).
 */
import { config } from '../../config'
import { zegoLive } from '../services/zego/index'

/** Lets go of a component's handle; set by streamDriver, run once on detached. */
const releases = new WeakMap<object, () => void>()

export const streamBehavior = Behavior({
  properties: {
    streamId: { type: String, value: '' },
  },
  data: {
    mode: config.zegoComponentMode,
    url: '',
  },
  lifetimes: {
    attached(): void {
      // The mode is read when the module loads; write it only if it changed since (never unchanged data).
      if (this.data.mode !== config.zegoComponentMode) this.setData({ mode: config.zegoComponentMode })
    },
    detached(): void {
      releases.get(this)?.()
      releases.delete(this)
    },
  },
  methods: {
    onStateChange(e: WechatMiniprogram.CustomEvent): void {
      zegoLive.forwardStateChange(this.data.streamId, e)
    },
    onNetStatus(e: WechatMiniprogram.CustomEvent): void {
      zegoLive.forwardNetStatus(this.data.streamId, e)
    },
  },
})

/** A component built on streamBehavior, as far as the driver needs it. */
interface StreamComponent {
  setData(data: { url: string }, callback?: () => void): void
}

/**
 * How the URL reaches the view: by default the component's own setData; the viewer room's player
 * writes through the room's shared frame instead (live/core/frame-scheduler.ts).
 */
export interface UrlWriter {
  /** Writes `url`; `then` runs once the view has it. */
  write(url: string, then?: () => void): void
  /** A write still waiting for its turn will not run its `then` (the stream was stopped first). */
  cancel?(): void
}

const setDataWriter = (component: StreamComponent): UrlWriter => ({ write: (url, then) => component.setData({ url }, then) })

/** Every target (LivePusherContext, LivePlayerContext, the plugin's components) can stop. */
interface Stoppable {
  stop(): void
}

export interface StreamDriver<T> {
  /** The pusher or player while the component is attached; null once it is gone. */
  target(): T | null
  /** Puts the URL on the component, then begins the target on it. */
  start(url: string): void
  /** Stops, then starts again on a fresh URL (recovery after the component gave up). */
  restart(url: string): void
  /** Stops and takes the URL off. */
  stop(): void
}

/**
 * The URL-driving half of a handle, the same for pusher and player: `find` locates the target in
 * the current mode, `begin` starts it (start() / play()), `release` hands the finished handle back
 * to the zego service when the component detaches, `writer` puts the URL on the view.
 */
export function streamDriver<T extends Stoppable>(
  component: StreamComponent,
  find: () => T | null,
  begin: (target: T) => void,
  release: () => void,
  writer: UrlWriter = setDataWriter(component),
): StreamDriver<T> {
  let alive = true
  const target = (): T | null => (alive ? find() : null)
  const start = (url: string): void => {
    writer.write(url, () => {
      const t = target()
      if (t) begin(t)
    })
  }
  releases.set(component, () => {
    release()
    alive = false
  })
  return {
    target,
    start,
    restart: (url) => {
      target()?.stop()
      start(url)
    },
    stop: () => {
      target()?.stop()
      writer.cancel?.()
      if (alive) writer.write('')
    },
  }
}
