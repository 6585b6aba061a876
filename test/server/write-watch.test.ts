/**
 * Cached lists are dropped on every write to their tables, whichever module makes it: the Kysely
 * plugin reports inserts, updates and deletes of watched tables (subqueries included), never
 * reads, and with PostgreSQL once more after the writing transaction has surely committed.
 */
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrations'
import { WriteWatch } from '../../server/src/shared-store/write-watch'

let handle: DatabaseHandle

beforeEach(async () => {
  handle = openDatabase(':memory:')
  await migrateToLatest(handle.db)
})
afterEach(async () => {
  jest.useRealTimers()
  await handle.close()
})

function watched(tables: string[], settleMs: number): { db: DatabaseHandle['db']; reports: string[] } {
  const reports: string[] = []
  const watch = new WriteWatch({ tables: Object.fromEntries(tables.map((t) => [t, () => void reports.push(t)])), settleMs })
  return { db: handle.db.withPlugin(watch), reports }
}

it('reports each write of a watched table once, and nothing for reads or other tables', async () => {
  const { db, reports } = watched(['rooms'], 0)
  await db.updateTable('rooms').set({ title: '新标题' }).where('id', '=', 'r1').execute()
  await db.selectFrom('rooms').selectAll().execute()
  await db.deleteFrom('room_likes').where('room_id', '=', 'r1').execute()
  await db.deleteFrom('rooms').where('id', '=', 'r1').execute()
  expect(reports).toEqual(['rooms', 'rooms'])
})

it('counts a table that a write reads in a subquery (over-reporting is harmless, missing one is not)', async () => {
  const { db, reports } = watched(['rooms', 'room_likes'], 0)
  await db.deleteFrom('room_likes').where('room_id', 'in', db.selectFrom('rooms').select('id')).execute()
  expect(reports.sort()).toEqual(['room_likes', 'rooms'])
})

it('reports again settleMs after the write, for readers on other PostgreSQL connections', async () => {
  const { db, reports } = watched(['room_likes'], 250)
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] })
  await db.updateTable('room_likes').set({ total: 2 }).where('room_id', '=', 'r1').execute()
  expect(reports).toEqual(['room_likes'])
  jest.advanceTimersByTime(249)
  expect(reports).toEqual(['room_likes'])
  jest.advanceTimersByTime(1)
  expect(reports).toEqual(['room_likes', 'room_likes'])
})
