/**
 * The live monitor across instances on a real Redis when TEST_REDIS_URL is set; skipped otherwise.
 * Two app instances (one database, as several instances behind a load balancer have; here the
 * room is copied into each one's SQLite file) with their own RedisStore: a change made through
 * instance A reaches a monitor connected to instance B.
 */
import { randomBytes } from 'node:crypto'
import type { Room } from '../../miniprogram/core/api-types'
import type { RoomEvent } from '../../server/src/console/room-events'
import { RedisStore } from '../../server/src/shared-store/redis-store'
import { openSse } from './support/sse-reader'
import { createStaff, staffRead, staffSignIn, staffWrite } from './support/staff-session'
import { createTestServer, type TestServer } from './support/test-server'

const redisUrl = process.env.TEST_REDIS_URL

if (redisUrl === undefined || redisUrl === '') {
  describe.skip('room events over Redis — skipped: TEST_REDIS_URL is not set (e.g. TEST_REDIS_URL=redis://127.0.0.1:6379)', () => {
    it('runs with TEST_REDIS_URL', () => undefined)
  })
} else {
  describe('room events over Redis', () => {
    const prefix = `storefront-test:${randomBytes(4).toString('hex')}:`
    const stores = [new RedisStore(redisUrl, prefix), new RedisStore(redisUrl, prefix)]
    let a: TestServer
    let b: TestServer

    beforeAll(async () => {
      a = await createTestServer({ store: stores[0] })
      b = await createTestServer({ store: stores[1] })
      await Promise.all([a.handles.roomEvents.start(), b.handles.roomEvents.start()])
    })
    afterAll(async () => {
      await a.close()
      await b.close()
      for (const s of stores) await s.close()
    })

    it('a room renamed through one instance reaches a monitor connected to the other, once', async () => {
      for (const s of [a, b]) await createStaff(s, 'redis-op', 'operator')
      const onA = await staffSignIn(a, 'redis-op')
      const onB = await staffSignIn(b, 'redis-op')
      const anchor = await a.signIn('redis-anchor', 'anchor')
      const room = (await a.request({ method: 'POST', url: '/api/rooms', headers: staffWrite(onA), payload: { title: 'Before', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })).json<{ room: Room }>().room
      // The shared database, played by copying the rows B needs.
      const row = await a.handles.database.db.selectFrom('rooms').selectAll().where('id', '=', room.id).executeTakeFirstOrThrow()
      const user = await a.handles.database.db.selectFrom('users').selectAll().where('id', '=', anchor.user.id).executeTakeFirstOrThrow()
      await b.handles.database.db.insertInto('users').values(user).execute()
      await b.handles.database.db.insertInto('rooms').values(row).execute()

      const monitor = await openSse(`${b.baseUrl}/api/admin/rooms/${room.id}/events`, staffRead(onB))
      try {
        await monitor.next('snapshot')
        expect((await a.request({ method: 'PATCH', url: `/api/rooms/${room.id}`, headers: staffWrite(onA), payload: { title: 'Renamed on A' } })).statusCode).toBe(200)
        const renamed = await monitor.next<Extract<RoomEvent, { type: 'room' }>>('room')
        expect(renamed.room.title).toBe('Renamed on A')
        // A marker published on B itself comes after; nothing arrived twice in between.
        b.handles.roomEvents.publish(room.id, { type: 'comment_deleted', commentId: 'marker' })
        await monitor.next('comment_deleted')
        expect(monitor.seen.map((e) => e.event)).toEqual(['snapshot', 'room', 'comment_deleted'])
      } finally {
        monitor.close()
      }
    })
  })
}
