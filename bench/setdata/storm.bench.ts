/**
 * The storm of test/helpers/setdata-storm.ts for BENCH_SECONDS (default 60) simulated seconds on
 * jest's fake clock; writes every recorded setData call to SETDATA_BENCH_OUT for run.ts to report.
 */
import fs from 'node:fs'
import { useLiveFakes } from '../../test/helpers/live'
import { runStorm } from '../../test/helpers/setdata-storm'

const ctx = useLiveFakes()
const seconds = Math.min(600, Math.max(5, Number(process.env.BENCH_SECONDS ?? 60) || 60))

it('records the viewer room and the naive page under the storm', async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 11, 3, 12, 0, 0) })
  try {
    const result = await runStorm(ctx.server, seconds)
    const out = process.env.SETDATA_BENCH_OUT
    if (!out) throw new Error('SETDATA_BENCH_OUT is not set: run npm run bench:setdata')
    fs.writeFileSync(out, JSON.stringify(result))
    expect(result.room.length).toBeGreaterThan(0)
  } finally {
    jest.useRealTimers()
  }
})
