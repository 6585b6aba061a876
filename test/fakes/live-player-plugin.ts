/**
 * A fake of WeChat's live-player-plugin JS API (reference: wechat-live-platform.md §2.3), handed
 * out by the global `requirePlugin` (test/setup/globals.ts). It answers from statuses the test sets,
 * records every call with the (possibly fake) clock, and fails any API on demand. The plugin's real
 * rejection shape is undocumented; faults use WeChat's usual `{ errMsg, errCode }`.
 */
import { callSequence } from './wx'

type PluginApi = 'getLiveStatus' | 'getSubscribeStatus' | 'getOpenid' | 'getShareParams'

export interface PluginCall {
  api: PluginApi | 'requirePlugin'
  args: unknown[]
  /** Date.now() at the call: the fake timers' clock when they are installed. */
  at: number
  seq: number
}

export interface PluginFault {
  errMsg: string
  errCode?: number
}

/** Share-card scenes in which getShareParams answers (1007, 1008, 1044, 1154, 1155). */
const SHARE_SCENES = [1007, 1008, 1044, 1154, 1155]

export class FakeLivePlayerPlugin implements LivePlayerPlugin.Plugin {
  readonly calls: PluginCall[] = []
  /** Room statuses the plugin reports; a room not listed is unknown to it. */
  readonly statuses = new Map<number, LivePlayerPlugin.LiveStatus>()
  readonly subscribedRooms = new Set<number>()
  /** APIs that reject until removed. */
  readonly faults = new Map<PluginApi, PluginFault>()
  openid = 'fake-openid'
  /** The scene the mini-program was opened in, for getShareParams. */
  scene = 1001
  shareParams: LivePlayerPlugin.ShareParamsResult | null = null

  reset(): void {
    this.calls.length = 0
    this.statuses.clear()
    this.subscribedRooms.clear()
    this.faults.clear()
    this.scene = 1001
    this.shareParams = null
  }

  record(api: PluginCall['api'], args: unknown[]): void {
    this.calls.push({ api, args, at: Date.now(), seq: callSequence.next++ })
  }

  of(api: PluginCall['api']): PluginCall[] {
    return this.calls.filter((c) => c.api === api)
  }

  /** Milliseconds between consecutive getLiveStatus calls for a room (WeChat asks for ≥ 60 000). */
  statusIntervalsMs(roomId: number): number[] {
    const times = this.of('getLiveStatus').filter((c) => (c.args[0] as { room_id: unknown }).room_id === roomId).map((c) => c.at)
    return times.slice(1).map((t, i) => t - times[i])
  }

  getLiveStatus(options: { room_id: number }): Promise<LivePlayerPlugin.LiveStatusResult> {
    return this.answer<LivePlayerPlugin.LiveStatusResult>('getLiveStatus', options, (roomId) => {
      const liveStatus = this.statuses.get(roomId)
      return liveStatus === undefined ? { errMsg: `getLiveStatus:fail room ${roomId} not found` } : { liveStatus }
    })
  }

  getSubscribeStatus(options: { room_id: number }): Promise<LivePlayerPlugin.SubscribeStatusResult> {
    return this.answer('getSubscribeStatus', options, (roomId) => ({
      room_id: roomId,
      openid: this.openid,
      is_subscribe: this.subscribedRooms.has(roomId),
    }))
  }

  getOpenid(options: { room_id: number }): Promise<{ openid: string }> {
    return this.answer('getOpenid', options, () => ({ openid: this.openid }))
  }

  getShareParams(): Promise<LivePlayerPlugin.ShareParamsResult> {
    this.record('getShareParams', [])
    const fault = this.faults.get('getShareParams')
    if (fault) return Promise.reject({ ...fault })
    if (!SHARE_SCENES.includes(this.scene) || !this.shareParams) return Promise.reject({ errMsg: '只能获取分享卡片入口的参数' })
    return Promise.resolve({ ...this.shareParams })
  }

  private answer<T extends object>(api: PluginApi, options: { room_id: number }, result: (roomId: number) => T | PluginFault): Promise<T> {
    this.record(api, [options])
    const fault = this.faults.get(api)
    if (fault) return Promise.reject({ ...fault })
    // The plugin wants an integer room_id: `[246]` gives operateWXData:fail 100002 (reference §2.3).
    const roomId = options?.room_id
    if (typeof roomId !== 'number' || !Number.isInteger(roomId)) return Promise.reject({ errMsg: 'operateWXData:fail 100002', errCode: 100002 })
    const answer = result(roomId)
    return 'errMsg' in answer ? Promise.reject(answer) : Promise.resolve(answer)
  }
}

export const livePlayerPlugin = new FakeLivePlayerPlugin()

/** What the global requirePlugin answers: only the live plugin exists here. */
export function fakeRequirePlugin(name: string): unknown {
  livePlayerPlugin.record('requirePlugin', [name])
  if (name === 'live-player-plugin') return livePlayerPlugin
  throw new Error(`plugin "${name}" is not declared`)
}
