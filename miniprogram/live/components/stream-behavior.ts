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
      this.setData({ mode: config.zegoComponentMode })
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
 * to the zego service when the component detaches.
 */
export function streamDriver<T extends Stoppable>(component: StreamComponent, find: () => T | null, begin: (target: T) => void, release: () => void): StreamDriver<T> {
  let alive = true
  const target = (): T | null => (alive ? find() : null)
  const start = (url: string): void => {
    component.setData({ url }, () => {
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
      if (alive) component.setData({ url: '' })
    },
  }
}
