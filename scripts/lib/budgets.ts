/** Package-size budgets enforced by the build and by the release scripts. */
export interface SizeBudgets {
  /** Main package, in bytes. */
  main: number
  /** Per-subpackage overrides by root; others use `subpackageDefault`. */
  subpackages: Record<string, number>
  subpackageDefault: number
  total: number
}

const KiB = 1024
const MiB = 1024 * KiB

export const DEFAULT_BUDGETS: SizeBudgets = {
  // Every shopper downloads the main package before the room list shows: held well under WeChat's 2 MB.
  main: 200 * KiB,
  // The live subpackage carries the ZEGO SDK (about 520 KB compiled).
  subpackages: { live: 1 * MiB },
  subpackageDefault: 256 * KiB,
  total: 2 * MiB,
}

export interface PackageSizes {
  main: number
  subpackages: Record<string, number>
  total: number
  files: number
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(2)} MiB`
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)} KiB`
  return `${bytes} B`
}

/** Every budget the sizes break, each as a sentence naming the package. Empty when all fit. */
export function budgetViolations(sizes: PackageSizes, budgets: SizeBudgets = DEFAULT_BUDGETS): string[] {
  const out: string[] = []
  if (sizes.main > budgets.main) {
    out.push(`main package is ${formatBytes(sizes.main)}, over its budget of ${formatBytes(budgets.main)}`)
  }
  for (const [root, size] of Object.entries(sizes.subpackages)) {
    const limit = budgets.subpackages[root] ?? budgets.subpackageDefault
    if (size > limit) {
      out.push(`subpackage "${root}" is ${formatBytes(size)}, over its budget of ${formatBytes(limit)}`)
    }
  }
  if (sizes.total > budgets.total) {
    out.push(`the whole package is ${formatBytes(sizes.total)}, over its budget of ${formatBytes(budgets.total)}`)
  }
  return out
}
