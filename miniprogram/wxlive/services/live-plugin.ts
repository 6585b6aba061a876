/**
 * live-player-plugin's JS API (reference: wechat-live-platform.md §2.3). The plugin is declared
 * only for the wxlive subpackage, so only code of that subpackage can require it, and this file is
 * the one place that does. Pages get promises that resolve to checked values and reject with a
 * LivePluginError whose message says which call failed and why.
 */
import { isWechatLiveStatus, type WechatLiveStatus } from '../../contract/wechat-live-status'

type LivePluginApi = 'requirePlugin' | 'getLiveStatus' | 'getSubscribeStatus' | 'getShareParams'

export class LivePluginError extends Error {
  constructor(
    readonly api: LivePluginApi,
    readonly reason: string,
    /** The plugin's client error codes are undocumented; kept when it sends one, for the logs. */
    readonly errCode?: number,
  ) {
    super(`live-player-plugin ${api} failed: ${reason}${errCode === undefined ? '' : ` (errCode ${errCode})`}`)
    this.name = 'LivePluginError'
  }
}

let plugin: LivePlayerPlugin.Plugin | null = null

/** Required on first use, not on import: on a client without the plugin this throws, and the page must survive that. */
function livePlayer(): LivePlayerPlugin.Plugin {
  if (plugin === null) {
    try {
      plugin = requirePlugin('live-player-plugin') as LivePlayerPlugin.Plugin
    } catch (err) {
      throw asPluginError('requirePlugin', err)
    }
  }
  return plugin
}

/** The reference documents no rejection shape, so every plausible one is read: Error, `{ errMsg, errCode }`, a string. */
function asPluginError(api: LivePluginApi, err: unknown): LivePluginError {
  if (err instanceof LivePluginError) return err
  if (err instanceof Error) return new LivePluginError(api, err.message || err.name)
  if (typeof err === 'string') return new LivePluginError(api, err || 'no reason given')
  if (typeof err === 'object' && err !== null) {
    const { errMsg, errCode } = err as LivePlayerPlugin.PluginError
    const code = typeof errCode === 'number' ? errCode : undefined
    return new LivePluginError(api, typeof errMsg === 'string' && errMsg ? errMsg : 'no reason given', code)
  }
  return new LivePluginError(api, 'no reason given')
}

async function call<T>(api: LivePluginApi, run: (p: LivePlayerPlugin.Plugin) => Promise<T>): Promise<T> {
  try {
    return await run(livePlayer())
  } catch (err) {
    throw asPluginError(api, err)
  }
}

/**
 * The room's status now, 101–107. WeChat asks callers to poll this no faster than once a minute;
 * that is the caller's schedule to keep (wxlive/core/status-poller.ts, run by the wxlive room store).
 */
export async function getLiveStatus(roomId: number): Promise<WechatLiveStatus> {
  const result = await call('getLiveStatus', (p) => p.getLiveStatus({ room_id: roomId }))
  const status: unknown = (result as Partial<LivePlayerPlugin.LiveStatusResult> | null)?.liveStatus
  if (!isWechatLiveStatus(status)) throw new LivePluginError('getLiveStatus', `unexpected liveStatus ${JSON.stringify(status)}`)
  return status
}

/** Whether the shopper asked to be reminded when the room starts (plugin 1.3.0+). */
export async function getSubscribeStatus(roomId: number): Promise<boolean> {
  const result = await call('getSubscribeStatus', (p) => p.getSubscribeStatus({ room_id: roomId }))
  // The doc gives no type for is_subscribe; a flag and 0/1 both occur in WeChat's APIs.
  const flag: unknown = (result as Partial<LivePlayerPlugin.SubscribeStatusResult> | null)?.is_subscribe
  return flag === true || flag === 1
}

/**
 * The scenes in which getShareParams answers: share cards in a chat (1007), a group (1008), with a
 * shareTicket (1044), and from Moments (1154, 1155). Elsewhere it only rejects, so it is not asked.
 */
export const SHARE_CARD_SCENES: readonly number[] = [1007, 1008, 1044, 1154, 1155]

/**
 * What the plugin's own share card carried into the room: the custom_params we gave the room URL
 * (an object, or its JSON as a string, depending on the client). Only in SHARE_CARD_SCENES.
 */
export async function getShareCustomParams(): Promise<Record<string, unknown>> {
  const result = await call('getShareParams', (p) => p.getShareParams())
  let params: unknown = (result as Partial<LivePlayerPlugin.ShareParamsResult> | null)?.custom_params
  if (typeof params === 'string') {
    try {
      params = JSON.parse(decodeURIComponent(params))
    } catch {
      params = null
    }
  }
  return params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {}
}
