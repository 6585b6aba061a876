/**
 * The storage layer on both engines: SQLite always (a tmp file), PostgreSQL when
 * TEST_DATABASE_URL is set (scripts/postgres-test.sh sets it up). Each engine also runs one API
 * flow end to end, since the route code is the same on both.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Room } from '../../miniprogram/core/api-types'
import { UsersRepo } from '../../server/src/auth/users-repo'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database'
import { migrateDownToEmpty, migrateToLatest, migrations } from '../../server/src/db/migrations'
import { DEMO_ROOM_ID, seedDemoData } from '../../server/src/demo/seed-demo'
import { GoodsRepo } from '../../server/src/goods/goods-repo'
import { RemindersRepo } from '../../server/src/reminders/reminders-repo'
import { RoomsRepo } from '../../server/src/rooms/rooms-repo'
import { bearer, createTestServer } from './support/test-server'

const NOW = 1_795_000_000

function storageSuite(engine: string, makeUrl: () => Promise<string>): void {
  describe(`storage on ${engine}`, () => {
    let url: string
    let handle: DatabaseHandle

    beforeAll(async () => {
      url = await makeUrl()
      handle = openDatabase(url)
      // A shared PostgreSQL database may hold tables from an earlier run.
      await migrateDownToEmpty(handle.db)
      // Every migration runs, in name order (migrations added later included).
      expect(await migrateToLatest(handle.db)).toEqual(Object.keys(migrations).sort())
      expect(Object.keys(migrations)).toEqual(expect.arrayContaining(['2026-11-21-001-initial', '2026-11-24-004-live-comments', '2026-12-02-005-goods-skus', '2026-12-02-006-orders', '2026-12-02-007-room-stream-sessions', '2026-12-02-008-staff']))
      expect(await migrateToLatest(handle.db)).toEqual([])
    })

    afterAll(() => handle.close())

    it('creates one user per openid, even when first sign-ins race', async () => {
      const users = new UsersRepo(handle.db)
      const results = await Promise.all(Array.from({ length: 10 }, () => users.findOrCreate('racer')))
      expect(new Set(results.map((u) => u.id)).size).toBe(1)
      const promoted = await users.setRole('racer', 'anchor')
      expect(await users.findById(promoted.id)).toEqual({ id: promoted.id, openid: 'racer', role: 'anchor' })
    })

    it('stores goods with JSON images, integer fen and paging', async () => {
      const goods = new GoodsRepo(handle.db)
      const created = await goods.create({ title: '豆', images: ['https://a/1.jpg', 'https://a/2.jpg'], priceFen: 123456789, stock: 3, status: 'on_sale' }, NOW)
      await goods.create({ title: 'draft', images: [], priceFen: 1, stock: 0, status: 'draft' }, NOW + 1)
      expect(await goods.find(created.id)).toEqual(created)
      const list = await goods.list({ statuses: ['on_sale'], offset: 0, limit: 10 })
      expect(list.total).toBe(1)
      expect(typeof list.goods[0]?.priceFen).toBe('number')
      expect((await goods.update(created.id, { stock: 2 }, NOW + 5))?.stock).toBe(2)
      expect(await goods.findMany([created.id, 'g_missing'])).toHaveLength(1)
    })

    it('stores rooms with derived stream IDs, nullable end and ordered shelves; seeds demo data once', async () => {
      const users = new UsersRepo(handle.db)
      const goods = new GoodsRepo(handle.db)
      const rooms = new RoomsRepo(handle.db)
      const anchor = await users.setRole('anchor-x', 'anchor')
      const g = await goods.create({ title: 'g', images: [], priceFen: 1, stock: 1, status: 'on_sale' }, NOW)
      const room = await rooms.create({ title: 'r', cover: '', anchorUserId: anchor.id, scheduledStart: NOW, scheduledEnd: null, status: 'scheduled', shelf: [g.id] }, NOW)
      expect(await rooms.find(room.id)).toEqual(room)
      expect(room.scheduledEnd).toBeNull()
      expect(await rooms.roomsShelving(g.id)).toEqual([room.id])
      const listed = await rooms.list({ anchorUserId: anchor.id, offset: 0, limit: 5 })
      expect(listed).toEqual({ rooms: [room], total: 1 })
      await expect(rooms.create({ title: 'bad', cover: '', anchorUserId: 'u_nobody', scheduledStart: NOW, scheduledEnd: null, status: 'scheduled', shelf: [] }, NOW)).rejects.toMatchObject({ message: expect.stringMatching(/foreign key/i) })

      const live = await rooms.setLiveStatus(room.id, 'live', NOW + 10)
      expect(live).toMatchObject({ kind: 'done', changed: true, room: { status: 'live', liveStartedAt: NOW + 10, liveEndedAt: null } })
      const ended = await rooms.setLiveStatus(room.id, 'ended', NOW + 20)
      expect(ended).toMatchObject({ kind: 'done', room: { status: 'ended', liveStartedAt: NOW + 10, liveEndedAt: NOW + 20 } })
      expect(typeof (await rooms.find(room.id))?.liveEndedAt).toBe('number')
      expect(await rooms.setLiveStatus('room_missing', 'live', NOW)).toEqual({ kind: 'not_found' })

      expect(await seedDemoData({ users, goods, rooms, database: handle }, NOW)).toBe(true)
      expect(await seedDemoData({ users, goods, rooms, database: handle }, NOW)).toBe(false)
      expect((await rooms.find(DEMO_ROOM_ID))?.shelf).toHaveLength(4)
    })

    it('keeps one reminder per shopper and room, settles it once, and drops it with its room', async () => {
      const users = new UsersRepo(handle.db)
      const rooms = new RoomsRepo(handle.db)
      const reminders = new RemindersRepo(handle.db)
      const anchor = await users.setRole('anchor-rem', 'anchor')
      const a = await users.findOrCreate('openid-rem-a')
      const b = await users.findOrCreate('openid-rem-b')
      const room = await rooms.create({ title: 'r', cover: '', anchorUserId: anchor.id, scheduledStart: NOW, scheduledEnd: null, status: 'scheduled', shelf: [] }, NOW)
      expect(await reminders.add(room.id, a.id, NOW)).toBe('created')
      expect(await Promise.all([reminders.add(room.id, b.id, NOW + 1), reminders.add(room.id, b.id, NOW + 1)])).toEqual(expect.arrayContaining(['created', 'existed']))
      expect(await reminders.add(room.id, a.id, NOW + 2)).toBe('existed')
      expect(await reminders.pending(room.id)).toEqual([{ userId: a.id, openid: 'openid-rem-a' }, { userId: b.id, openid: 'openid-rem-b' }])

      await reminders.markSent(room.id, a.id, NOW + 10)
      expect(await reminders.isPending(room.id, a.id)).toBe(false)
      expect(await reminders.pending(room.id)).toEqual([{ userId: b.id, openid: 'openid-rem-b' }])
      // Asking again after the message went out (the room was rescheduled) is worth one more message.
      expect(await reminders.add(room.id, a.id, NOW + 20)).toBe('existed')
      expect(await reminders.isPending(room.id, a.id)).toBe(true)
      await reminders.remove(room.id, b.id)
      expect(await reminders.isPending(room.id, b.id)).toBe(false)

      expect(await rooms.delete(room.id)).toBe(true)
      expect(await reminders.pending(room.id)).toEqual([])
    })

    it('serves the API on this engine', async () => {
      const server = await createTestServer({ env: { DATABASE_URL: url } })
      try {
        const admin = await server.signIn('api-admin', 'admin')
        const anchor = await server.signIn('api-anchor', 'anchor')
        const created = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'api', anchorUserId: anchor.user.id, scheduledStart: NOW } })
        expect(created.statusCode).toBe(201)
        const room = created.json<{ room: Room }>().room
        const token = await server.request({ method: 'POST', url: '/api/zego/token', headers: bearer(anchor), payload: { roomId: room.id } })
        expect(token.statusCode).toBe(200)
        const health = (await server.request({ method: 'GET', url: '/healthz' })).json<{ database: string }>()
        expect(health.database).toBe(url.startsWith('postgres') ? 'postgres' : 'sqlite')
      } finally {
        await server.close()
      }
    })
  })
}

storageSuite('SQLite (tmp file, WAL)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-storage-'))
  return `file:${path.join(dir, 'storage.sqlite')}`
})

const pgUrl = process.env.TEST_DATABASE_URL
if (pgUrl !== undefined && pgUrl !== '') {
  storageSuite('PostgreSQL (TEST_DATABASE_URL)', async () => pgUrl)
} else {
  describe.skip('storage on PostgreSQL — skipped: TEST_DATABASE_URL is not set (run npm run test:postgres)', () => {
    it('runs with TEST_DATABASE_URL', () => undefined)
  })
}
