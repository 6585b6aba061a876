/**
 * Turns live-room state into the one sentence the screen shows and the action it suggests. Pure:
 * the store feeds it, tests can table-drive it.
 */
import type { LiveFailure, LiveRole, PermissionState, PlaySnapshot, PublishSnapshot, RoomInfo, RoomSnapshot } from './live-types'

export type LiveAction =
  | 'none'
  | 'go-live'
  | 'end-live'
  | 'reenter'
  | 'retry-publish'
  | 'retry-play'
  | 'renew-token'
  | 'open-setting'
  | 'recheck'
  | 'go-home'

export type StatusTone = 'normal' | 'info' | 'warning' | 'danger'

export interface LiveStatus {
  readonly tone: StatusTone
  readonly text: string
  readonly action: LiveAction
  readonly actionText: string
}

export type ViewerPhase = 'entering' | 'waiting' | 'connecting' | 'live' | 'away' | 'ended'

export interface StatusInput {
  role: LiveRole | null
  info: RoomInfo | null
  room: RoomSnapshot
  publish: PublishSnapshot | null
  anchorPlay: PlaySnapshot | null
  permission: PermissionState
  failure: LiveFailure | null
  entering: boolean
  wantLive: boolean
  viewerPhase: ViewerPhase
}

const status = (tone: StatusTone, text: string, action: LiveAction = 'none', actionText = ''): LiveStatus => ({
  tone,
  text,
  action,
  actionText,
})

function failureStatus(failure: LiveFailure): LiveStatus {
  switch (failure.kind) {
    case 'kicked-elsewhere':
      return status('danger', '你的账号已在其他设备进入直播间，这里已退出', 'reenter', '在此设备重新进入')
    case 'kicked-by-server':
      return status('danger', '你已被移出直播间', 'go-home', '返回首页')
    case 'token-expired':
      return status('danger', '登录凭证已过期，已退出直播间', 'reenter', '重新进入')
    case 'token-renew':
      return status('warning', `登录凭证续期失败（${failure.message}），直播间即将断开`, 'renew-token', '重试续期')
    case 'login':
      return status('danger', `进入直播间失败：${failure.message}`, 'reenter', '重试')
    case 'disconnected':
      return status('danger', '网络连接失败，已断开直播间', 'reenter', '重新连接')
    case 'server':
      return status('danger', `连接服务器失败：${failure.message}`, 'reenter', '重试')
    case 'publish':
      return status('danger', `推流失败：${failure.message}`, 'retry-publish', '重新开播')
    case 'play':
      return status('danger', `画面加载失败：${failure.message}`, 'retry-play', '重新加载')
    case 'not-anchor':
      return status('danger', '你不是这个直播间的主播，无法开播', 'go-home', '返回首页')
    case 'no-room':
      return status('danger', '链接里没有直播间，无法进入', 'go-home', '返回首页')
  }
}

function connectionStatus(room: RoomSnapshot): LiveStatus | null {
  // Losing the room for good arrives as a failure ('disconnected'); this is the transient part.
  if (room.reason === 'RECONNECTING') return status('warning', '网络中断，正在重新连接…')
  return null
}

function anchorStatus(input: StatusInput): LiveStatus {
  const { permission, publish, wantLive, room } = input
  if (permission === 'outdated') return status('danger', '微信版本过低，无法开播，请升级微信后再试', 'recheck', '我已升级，重新检测')
  if (permission === 'denied') return status('danger', '需要摄像头和麦克风权限才能开播', 'open-setting', '去设置开启')
  if (permission === 'checking' || permission === 'unknown') return status('info', '正在检查摄像头和麦克风…')
  if (room.state !== 'CONNECTED') return status('info', '正在进入直播间…')
  if (!wantLive) return status('normal', '未开播，可预览画面', 'go-live', '开始直播')
  if (publish?.state === 'PUBLISHING') return status('normal', '直播中', 'end-live', '结束直播')
  if (publish && publish.errorCode !== 0) return status('warning', '推流中断，正在恢复…', 'end-live', '结束直播')
  return status('info', '正在开播…', 'end-live', '结束直播')
}

function viewerStatus(input: StatusInput): LiveStatus {
  switch (input.viewerPhase) {
    case 'entering':
      return status('info', '正在进入直播间…')
    case 'waiting':
      return status('info', '主播还没开播，请稍候')
    case 'connecting':
      return status('info', '正在加载直播画面…')
    case 'live':
      return status('normal', '直播中')
    case 'away':
      return status('warning', '主播暂时离开，马上回来')
    case 'ended':
      return status('info', '直播已结束', 'go-home', '看看其他直播')
  }
}

export function liveStatus(input: StatusInput): LiveStatus {
  if (input.failure) return failureStatus(input.failure)
  if (input.entering) return status('info', '正在进入直播间…')
  const connection = connectionStatus(input.room)
  if (connection) return connection
  return input.role === 'anchor' ? anchorStatus(input) : viewerStatus(input)
}

export function viewerPhase(
  info: RoomInfo | null,
  room: RoomSnapshot,
  anchorStreamPresent: boolean,
  anchorPlay: PlaySnapshot | null,
  anchorSeen: boolean,
): ViewerPhase {
  if (info?.status === 'cancelled') return 'ended'
  const inRoom = room.state === 'CONNECTED' || room.reason === 'RECONNECTING'
  // A stream on air beats a status read before it: the anchor ended, then went live again.
  if (inRoom && anchorStreamPresent) return anchorPlay?.state === 'PLAYING' ? 'live' : 'connecting'
  if (info?.status === 'ended') return 'ended'
  if (!inRoom) return 'entering'
  return anchorSeen ? 'away' : 'waiting'
}

/** 12345 → "1.2万": the count changes often, its text rarely. */
export function onlineText(count: number): string {
  if (count < 10000) return `${count}人在看`
  return `${(count / 10000).toFixed(1)}万人在看`
}

/** Seconds → "01:02:03" / "02:03". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const pad = (n: number): string => String(n).padStart(2, '0')
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h > 0 ? `${pad(h)}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`
}
