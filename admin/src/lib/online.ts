/**
 * How the console shows an online count: the number when ZEGO gave it, its age when it is older
 * than fresh, and "—" with the reason when there is none. Never a number ZEGO did not answer.
 */
import { ONLINE_PROBLEM_LABELS, type OnlineCount } from '@contract/online-schemas'

export interface OnlineView {
  text: string
  /** Age and reason, when the count is not fresh. */
  note: string
  tone: 'ok' | 'stale' | 'missing'
}

function ago(seconds: number): string {
  if (seconds < 60) return `${seconds} 秒前`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`
  return `${Math.floor(seconds / 3600)} 小时前`
}

export function onlineView(count: OnlineCount | undefined): OnlineView {
  if (count === undefined) return { text: '…', note: '', tone: 'missing' }
  const reason = count.problem === null ? '' : ONLINE_PROBLEM_LABELS[count.problem.code]
  if (count.count === null) return { text: '—', note: reason, tone: 'missing' }
  if (count.problem === null) return { text: `${count.count} 人`, note: '', tone: 'ok' }
  return { text: `${count.count} 人`, note: `${ago(count.ageSeconds ?? 0)}的数字；${reason}`, tone: 'stale' }
}

/** The sum over rooms that have a count, and how many rooms have none. */
export function onlineTotal(counts: readonly OnlineCount[]): { people: number; uncounted: number } {
  return counts.reduce((t, c) => (c.count === null ? { ...t, uncounted: t.uncounted + 1 } : { ...t, people: t.people + c.count }), { people: 0, uncounted: 0 })
}

/** WeChat's own live rooms: its API gives no online count, and the console says so. */
export const WECHAT_ONLINE_NOTE = '微信直播间的在线人数只在微信的直播后台可见，接口不提供'
