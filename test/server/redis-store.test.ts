/**
 * RedisStore against a real Redis when TEST_REDIS_URL is set (e.g. redis-server on 127.0.0.1);
 * skipped otherwise. Two app instances with their own RedisStore share one upstream call and one
 * rate-limit count.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { RoomListResponse, WechatLiveRoomsResponse } from '../../miniprogram/core/api-types'
import { RATE_LIMIT_NAMESPACE } from '../../server/src/app'
import { RATE_LIMIT_GRACE_MS } from '../../server/src/http/rate-limit-store'
import { RedisStore } from '../../server/src/shared-store/redis-store'
import { FakeWechatApi } from '../fakes/wechat-api'
import { fakeLiveRoom } from '../fakes/wechat-api-fixtures'
import { bearer, createTestServer } from './support/test-server'

const redisUrl = process.env.TEST_REDIS_URL

if (redisUrl === undefined || redisUrl === '') {
  describe.skip('RedisStore — skipped: TEST_REDIS_URL is not set (e.g. TEST_REDIS_URL=redis://127.0.0.1:6379)', () => {
    it('runs with TEST_REDIS_URL', () => undefined)
  })
} else {
  describe('RedisStore on a real Redis', () => {
    // A fresh prefix per run keeps runs apart without flushing the database.
    const prefix = `storefront-test:${randomBytes(4).toString('hex')}:`
    const stores: RedisStore[] = []
    const store = (): RedisStore => {
      const s = new RedisStore(redisUrl, prefix)
      stores.push(s)
      return s
    }
    afterAll(async () => {
      for (const s of stores) await s.close()
    })

    it('counts a budget atomically up to its limit', async () => {
      const a = store()
      const b = store()
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).takeFromBudget('budget', 7, 60)))
      expect(taken.filter(Boolean)).toHaveLength(7)
      expect(await a.readCounter('budget')).toBe(7)
    })

    it('hands a lock to one holder and only the holder can release it', async () => {
      const a = store()
      const b = store()
      const token = await a.tryLock('lock', 5000)
      expect(token).not.toBeNull()
      expect(await b.tryLock('lock', 5000)).toBeNull()
      await b.unlock('lock', 'not-the-token')
      expect(await b.get('lock')).toBe(token)
      await a.unlock('lock', token ?? '')
      expect(await b.get('lock')).toBeNull()
    })

    it('lets two instances share one upstream call and the same cached data', async () => {
      const wechat = new FakeWechatApi()
      await wechat.start()
      wechat.rooms = [fakeLiveRoom(41)]
      wechat.liveInfoDelayMs = 200
      const one = await createTestServer({ wechat, store: store() })
      const two = await createTestServer({ wechat, store: store() })
      try {
        const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? one : two).request({ method: 'GET', url: '/api/wechat-live/rooms' })))
        expect(responses.every((r) => r.statusCode === 200 && r.json<WechatLiveRoomsResponse>().rooms[0]?.roomId === 41)).toBe(true)
        expect(wechat.callsTo('/wxa/business/getliveinfo')).toHaveLength(1)
        expect(wechat.callsTo('/cgi-bin/stable_token')).toHaveLength(1)
      } finally {
        await one.close()
        await two.close()
        await wechat.close()
      }
    })

    it('drops the other instance’s prepared room list through the pub/sub channel when one instance writes', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-redis-lists-'))
      const env = { DATABASE_URL: `file:${path.join(dir, 'shared.sqlite')}` }
      // A prefix of its own, so its sign-ins do not count against the rate-limit tests' client.
      const listStores = [new RedisStore(redisUrl, `${prefix}lists:`), new RedisStore(redisUrl, `${prefix}lists:`)]
      stores.push(...listStores)
      const a = await createTestServer({ store: listStores[0], env })
      const b = await createTestServer({ store: listStores[1], env })
      try {
        const admin = await a.signIn('redis-lists-admin', 'admin')
        const anchor = await a.signIn('redis-lists-anchor', 'anchor')
        const titlesOnB = async (): Promise<string[]> => (await b.request({ url: '/api/rooms' })).json<RoomListResponse>().rooms.map((r) => r.title)
        expect(await titlesOnB()).toEqual([])
        const heard = new Promise<void>((resolve) => b.handles.cachedAnswers.invalidation.on('rooms', resolve))
        const created = await a.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: '经由 Redis', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
        expect(created.statusCode).toBe(201)
        await heard
        expect(await titlesOnB()).toEqual(['经由 Redis'])
      } finally {
        await a.close()
        await b.close()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })

    it('counts sign-ins from one client across both instances, refusing the (limit+1)th', async () => {
      const env = { RATE_LIMIT_LOGIN_PER_MINUTE: '3' }
      const a = store()
      const one = await createTestServer({ env, store: a })
      const two = await createTestServer({ env, store: store() })
      try {
        const signIn = (i: number) => (i % 2 === 0 ? one : two).request({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:rl-${i}` } })
        const statuses: number[] = []
        for (let i = 0; i < 5; i += 1) statuses.push((await signIn(i)).statusCode)
        // One instance alone would have allowed 3 and the other 3 more; together they allow 3.
        expect(statuses).toEqual([200, 200, 200, 429, 429])
        const limited = await signIn(5)
        expect(limited.statusCode).toBe(429)
        expect(limited.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/retry/i) })
        // The counter lives under the store's prefix, so runs and deployments on one Redis stay apart.
        expect(await a.get(`${RATE_LIMIT_NAMESPACE}POST/api/auth/login-127.0.0.1`)).toBe('6')
      } finally {
        await one.close()
        await two.close()
      }
    })

    it('keeps limiting sign-ins in process while Redis cannot count them, then refuses them with 503', async () => {
      // Not in `stores`: its connection is closed here, so there is nothing left to quit.
      const broken = new RedisStore(redisUrl, prefix)
      await broken.client.ping()
      broken.client.disconnect()
      const server = await createTestServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '1' }, store: broken })
      try {
        const statuses: number[] = []
        for (let i = 0; i < 3; i += 1) statuses.push((await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:down-${i}` } })).statusCode)
        expect(statuses).toEqual([200, 429, 429])
        server.clock.advanceSeconds(RATE_LIMIT_GRACE_MS / 1000 + 1)
        const closed = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'dev:down-late' } })
        expect({ status: closed.statusCode, body: closed.json() }).toMatchObject({ status: 503, body: { error: 'rate_limit_unavailable' } })
      } finally {
        await server.close()
      }
    })
  })
}
