/** Pure rules of the like button: how a total reads. */

/** 9999 → '9999', 12345 → '1.2万', 123456789 → '1.2亿', as WeChat's own counters read. */
export function likesText(total: number): string {
  if (total < 10_000) return String(total)
  if (total < 100_000_000) return `${trimZero((total / 10_000).toFixed(1))}万`
  return `${trimZero((total / 100_000_000).toFixed(1))}亿`
}

const trimZero = (s: string): string => s.replace(/\.0$/, '')
