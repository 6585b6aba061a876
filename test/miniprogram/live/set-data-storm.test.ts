/**
 * The viewer room under the storm of test/helpers/setdata-storm.ts (the benchmark's, shorter): on
 * the fake clock, the room as a whole (the page, the chat panel, the like button, the explain
 * card, the goods shelf, the buy popup and the player, counted together) makes at most 5 setData
 * calls in each second, no call carries more than 16 KB, and none carries a value the view
 * already holds. The naive page beside it shows what the one shared frame saves.
 */
import { ROOM, useLiveFakes } from '../../helpers/live'
import { callsPerSecond, figures, runStorm, type SetDataCall } from '../../helpers/setdata-storm'

const ctx = useLiveFakes()
const SECONDS = 10
// Thousands of page events take several seconds, more on a loaded machine; the limit is not an assertion.
jest.setTimeout(180_000)

beforeEach(() => {
  jest.useFakeTimers({ now: Date.UTC(2026, 11, 3, 12, 0, 0) })
})
afterEach(() => {
  jest.useRealTimers()
})

const units = (calls: SetDataCall[]): string[] => [...new Set(calls.map((c) => c.unit))].sort()

it(`keeps the whole viewer room within 5 setData a second, 16 KB a call and no unchanged data through a ${SECONDS} s storm`, async () => {
  const { room, naive, shown } = await runStorm(ctx.server, SECONDS)
  // Nothing was lost on the way: the newest comment and the room's total are on screen.
  expect([shown.comments, shown.lastComment.endsWith(shown.expectedLastComment), shown.likes]).toEqual([100, true, shown.expectedLikes])
  // The feeds reached their parts: comments, likes and the online count all wrote.
  expect(units(room)).toEqual(expect.arrayContaining(['chat', 'likes', 'page']))
  // Each second of the fake clock, page and components summed; on failure, who wrote in which second.
  const perSecond = callsPerSecond(room, SECONDS)
  const overBudget = perSecond
    .map((n, second) => ({ second, n }))
    .filter(({ n }) => n > 5)
    .map(({ second, n }) => `second ${second}: ${n} calls (${units(room).map((u) => `${u} ${room.filter((c) => c.unit === u && Math.floor(c.at / 1000) === second).length}`).join(', ')})`)
  expect(overBudget).toEqual([])
  const tooBig = room.filter((c) => c.bytes > 16 * 1024).map((c) => `${c.unit} ${c.bytes} B ${c.keys.join(',')}`)
  expect(tooBig).toEqual([])
  const unchanged = room.filter((c) => c.unchanged.length > 0).map((c) => `${c.unit} @${c.at} ms: ${c.unchanged.join(',')}`)
  expect(unchanged).toEqual([])
  const f = figures(room, SECONDS)
  const n = figures(naive, SECONDS)
  if (process.env.STORM_DEBUG) process.stdout.write(JSON.stringify({ f, n, perSecond: perSecond.join(' '), units: units(room).map((u) => [u, callsPerSecond(room.filter((c) => c.unit === u), SECONDS).join(' ')]) }, null, 1) + '\n')
  expect(f.perSecondMax).toBeLessThanOrEqual(5)
  expect(n.calls).toBeGreaterThan(f.calls * 10)
  expect(n.bytesTotal).toBeGreaterThan(f.bytesTotal * 10)
  expect(ctx.server.requests.filter((r) => r.method === 'POST' && r.path === `/api/rooms/${ROOM}/likes`).length).toBeLessThanOrEqual(SECONDS + 1)
})
