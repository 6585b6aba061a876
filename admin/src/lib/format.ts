/** Money is integer fen everywhere; the forms show yuan. Times are Unix seconds, shown in China time. */
export function fenToYuan(fen: number): string {
  return (fen / 100).toFixed(2)
}

/** "12.5" → 1250; null for anything that is not a non-negative amount with at most 2 decimals. */
export function yuanToFen(yuan: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(yuan)
  if (m === null) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

const CHINA = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })

export function formatTime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—'
  return CHINA.format(new Date(seconds * 1000))
}

/** Unix seconds of the start of today in China time. */
export function chinaDayStart(nowMs: number): number {
  const offset = 8 * 3600
  const s = Math.floor(nowMs / 1000)
  return Math.floor((s + offset) / 86400) * 86400 - offset
}
