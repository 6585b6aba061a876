/**
 * When a scheduled live starts, as a shopper reads it on a room card. Pure: the caller passes "now",
 * so the same room reads the same in tests and on a device (both use the device's local time).
 */

const pad = (n: number): string => String(n).padStart(2, '0')

function localMidnight(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** `今天 20:00 开播`, `明天 09:30 开播`, `3月5日 20:00 开播`, `2027年1月2日 08:00 开播`, or `即将开播` once due. */
export function formatStartTime(startSeconds: number, nowSeconds: number): string {
  if (startSeconds <= nowSeconds) return '即将开播'
  const start = new Date(startSeconds * 1000)
  const now = new Date(nowSeconds * 1000)
  const clock = `${pad(start.getHours())}:${pad(start.getMinutes())}`
  // Rounded because a day across a daylight-saving change is not 24 hours long.
  const days = Math.round((localMidnight(start) - localMidnight(now)) / 86_400_000)
  if (days === 0) return `今天 ${clock} 开播`
  if (days === 1) return `明天 ${clock} 开播`
  const date = `${start.getMonth() + 1}月${start.getDate()}日`
  const year = start.getFullYear() === now.getFullYear() ? '' : `${start.getFullYear()}年`
  return `${year}${date} ${clock} 开播`
}
