/**
 * npm run bench:setdata — the viewer room through the fake ZEGO engine under a storm of
 * BENCH_SECONDS (default 60) simulated seconds: 50 comments/s, 100 likes/s from the room (which the
 * server announces once a second) plus 5 taps/s of one's own, and each second a net status and a
 * quality sample for the playing stream and an online count. Prints setData calls per second,
 * bytes per call (mean and max) and total bytes for the room (page and components together, and
 * each part) and for a naive page fed the same events in the same run (one setData per event,
 * whole lists), and the ratio between them. Machine speed does not enter: the clock is jest's fake.
 *   BENCH_SECONDS=60 npm run bench:setdata
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

interface Call {
  unit: string
  at: number
  bytes: number
  unchanged: string[]
}

interface Result {
  seconds: number
  room: Call[]
  naive: Call[]
}

const repoRoot = path.resolve(__dirname, '../..')
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-setdata-')), 'result.json')
const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', 'bench/setdata/jest.config.js', '--silent'], {
  cwd: repoRoot,
  env: { ...process.env, SETDATA_BENCH_OUT: out },
  stdio: ['ignore', 'inherit', 'inherit'],
})
if (run.status !== 0 || !fs.existsSync(out)) {
  console.error(`the storm did not complete (jest exited ${run.status ?? run.signal})`)
  process.exit(1)
}
const result = JSON.parse(fs.readFileSync(out, 'utf8')) as Result

function row(label: string, calls: Call[]): { label: string; perSecond: number; perSecondMax: number; mean: number; max: number; total: number; unchanged: number } {
  const buckets = new Array<number>(result.seconds).fill(0)
  for (const c of calls) buckets[Math.floor(c.at / 1000)] += 1
  const total = calls.reduce((a, c) => a + c.bytes, 0)
  return {
    label,
    perSecond: calls.length / result.seconds,
    perSecondMax: Math.max(0, ...buckets),
    mean: calls.length === 0 ? 0 : total / calls.length,
    max: Math.max(0, ...calls.map((c) => c.bytes)),
    total,
    unchanged: calls.filter((c) => c.unchanged.length > 0).length,
  }
}

const units = [...new Set(result.room.map((c) => c.unit))].sort()
const rows = [
  row('viewer room (all parts)', result.room),
  ...units.map((u) => row(`  ${u}`, result.room.filter((c) => c.unit === u))),
  row('naive page', result.naive),
]
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`
console.log(`\nsetData under a ${result.seconds} s storm (fake clock): 50 comments/s, 100 room likes/s + 5 own taps/s, net status + quality 1/s, online 1/s\n`)
console.log(`${'unit'.padEnd(26)}${'calls/s'.padStart(9)}${'max/s'.padStart(7)}${'B/call mean'.padStart(13)}${'B/call max'.padStart(12)}${'total'.padStart(12)}${'unchanged'.padStart(11)}`)
for (const r of rows) {
  console.log(`${r.label.padEnd(26)}${r.perSecond.toFixed(1).padStart(9)}${String(r.perSecondMax).padStart(7)}${r.mean.toFixed(0).padStart(13)}${String(r.max).padStart(12)}${kb(r.total).padStart(12)}${String(r.unchanged).padStart(11)}`)
}
const room = rows[0]!
const naive = rows[rows.length - 1]!
console.log(`\nnaive / room: ${(naive.perSecond / room.perSecond).toFixed(1)}× the setData calls, ${(naive.total / room.total).toFixed(1)}× the bytes`)
