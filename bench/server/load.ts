/** One autocannon run and how the benchmark prints it. */
import autocannon, { type AutocannonOptions } from 'autocannon'

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  ok: number
  statuses: Record<string, number>
  errors: number
}

export async function load(options: AutocannonOptions): Promise<LoadResult> {
  const result = await autocannon(options)
  const statuses: Record<string, number> = {}
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count
  return {
    // Counted over the run's whole duration, so a stall is not hidden by the per-second average.
    rps: result.requests.total / Math.max(0.001, result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    statuses,
    errors: result.errors + result.timeouts,
  }
}

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

export function describe(r: LoadResult): string {
  const codes = Object.entries(r.statuses).map(([code, n]) => `${code}×${n}`).join(' ')
  return `${fmt(r.rps).padStart(7)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(4)} ms  [${codes}${r.errors > 0 ? ` errors×${r.errors}` : ''}]`
}
