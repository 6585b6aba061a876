/**
 * Online counts from ZEGO's DescribeUserNum (played by the fake ZEGO server API): batches of at
 * most 10 rooms, a short cache, never more calls in a second than allowed, and when ZEGO fails a
 * count that is missing or old says so with its age, never a guess.
 */
import type { OnlineCount, OnlineCountsResponse } from '../../miniprogram/contract/online-schemas'
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import type { FakeZegoServerApi } from '../fakes/zego-server-api'
import { zegoFollowing } from './support/comment-fixtures'
import { createStaff, staffRead, staffSignIn, type StaffLogin } from './support/staff-session'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('online counts', () => {
  let server: TestServer | undefined
  let zego: FakeZegoServerApi
  let staff: StaffLogin
  let admin: LoginResponse
  let anchor: LoginResponse
  const live = (): TestServer => server as TestServer

  beforeAll(async () => {
    zego = zegoFollowing(() => server)
    await zego.start()
    server = await createTestServer({ env: { ZEGO_API_BASE: zego.baseUrl, ZEGO_TIMEOUT_MS: '300', ZEGO_USER_NUM_PER_SECOND: '3', ONLINE_COUNT_CACHE_SECONDS: '10' } })
    await createStaff(live(), 'online-op', 'operator')
    staff = await staffSignIn(live(), 'online-op')
    admin = await live().signIn('online-admin', 'admin')
    anchor = await live().signIn('online-anchor', 'anchor')
  })
  afterAll(async () => {
    await server?.close()
    await zego.close()
  })
  beforeEach(() => {
    zego.clearFaults()
    // Past every cache entry and every rate slot of the test before.
    live().clock.advanceSeconds(3600)
  })

  const rooms = async (n: number): Promise<Room[]> => {
    const made: Room[] = []
    for (let i = 0; i < n; i += 1) {
      const res = await live().request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: `在线 ${i}`, anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
      made.push(res.json<{ room: Room }>().room)
    }
    return made
  }
  const counts = async (ids: string[]): Promise<OnlineCount[]> => {
    const res = await live().request({ url: `/api/admin/online-counts?roomIds=${ids.join(',')}`, headers: staffRead(staff) })
    if (res.statusCode !== 200) throw new Error(`online counts: ${res.statusCode} ${res.body}`)
    return res.json<OnlineCountsResponse>().counts
  }
  const userNumCalls = () => zego.callsTo('DescribeUserNum')

  it('asks ZEGO for at most 10 rooms a call, signed, and answers each count; rooms ZEGO leaves out count 0', async () => {
    const made = await rooms(12)
    made.forEach((r, i) => zego.setOnline(r.id, i === 11 ? 0 : 100 + i, i === 0 ? 1 : 0))
    const before = userNumCalls().length
    const answer = await counts(made.map((r) => r.id))
    const calls = userNumCalls().slice(before)
    expect(calls.map((c) => ({ rooms: c.lists.RoomId?.length, signature: c.signature }))).toEqual([
      { rooms: 10, signature: 'ok' },
      { rooms: 2, signature: 'ok' },
    ])
    expect(calls.flatMap((c) => c.lists.RoomId)).toEqual(made.map((r) => r.id))
    expect(calls[0]?.rawQuery).toContain(`RoomId[]=${made[0]?.id}&RoomId[]=${made[1]?.id}`)
    expect(answer.map((c) => c.count)).toEqual([...made.slice(0, 11).map((_, i) => 100 + i), 0])
    expect(answer[0]).toEqual({ roomId: made[0]?.id, count: 100, adminCount: 1, countedAt: Math.floor(live().clock.nowMs() / 1000), ageSeconds: 0, problem: null })
  })

  it('serves counts from the cache within its freshness, then asks again', async () => {
    const [room] = await rooms(1)
    zego.setOnline(room!.id, 7)
    const before = userNumCalls().length
    expect((await counts([room!.id]))[0]?.count).toBe(7)
    zego.setOnline(room!.id, 9)
    live().clock.advanceSeconds(9)
    expect(await counts([room!.id])).toMatchObject([{ count: 7, ageSeconds: 9, problem: null }])
    expect(userNumCalls().length - before).toBe(1)
    live().clock.advanceSeconds(1)
    expect(await counts([room!.id])).toMatchObject([{ count: 9, ageSeconds: 0, problem: null }])
    expect(userNumCalls().length - before).toBe(2)
  })

  it('never calls more often than allowed in a second; rooms over the limit say so and are counted first next time', async () => {
    const made = await rooms(45)
    for (const r of made) zego.setOnline(r.id, 5)
    const before = userNumCalls().length
    const [first, second] = await Promise.all([counts(made.map((r) => r.id)), counts(made.map((r) => r.id))])
    // 5 batches wanted, 3 slots a second: 3 calls, and the concurrent reader shared them.
    expect(userNumCalls().length - before).toBe(3)
    expect(second).toEqual(first)
    const limited = first.filter((c) => c.problem?.code === 'rate_limited')
    expect({ counted: first.filter((c) => c.count === 5).length, limited: limited.length, limitedCounts: [...new Set(limited.map((c) => c.count))] }).toEqual({ counted: 30, limited: 15, limitedCounts: [null] })
    live().clock.advanceSeconds(1)
    const next = await counts(made.map((r) => r.id))
    const retried = userNumCalls().slice(before + 3)
    // The rooms never counted go first; the others are still fresh.
    expect(retried.flatMap((c) => c.lists.RoomId)).toEqual(limited.map((c) => c.roomId))
    expect(next.every((c) => c.count === 5 && c.problem === null)).toBe(true)
  })

  it('shows the last count with its age, or none, and why, when ZEGO answers an error code or times out', async () => {
    const [old, fresh] = await rooms(2)
    zego.setOnline(old!.id, 42)
    await counts([old!.id])
    live().clock.advanceSeconds(30)
    zego.injectFault({ kind: 'code', code: 50001, message: 'room not exist' })
    const failed = await counts([old!.id, fresh!.id])
    expect(failed).toEqual([
      { roomId: old!.id, count: 42, adminCount: 0, countedAt: Math.floor(live().clock.nowMs() / 1000) - 30, ageSeconds: 30, problem: { code: 'zego_error', message: expect.stringContaining('Code 50001') } },
      { roomId: fresh!.id, count: null, adminCount: null, countedAt: null, ageSeconds: null, problem: { code: 'zego_error', message: expect.stringContaining('Code 50001') } },
    ])
    zego.injectFault({ kind: 'timeout' })
    const timedOut = await counts([fresh!.id])
    expect(timedOut).toMatchObject([{ count: null, problem: { code: 'timeout' } }])
    zego.injectFault({ kind: 'code', code: 206, message: 'qps limit' })
    live().clock.advanceSeconds(1)
    expect(await counts([fresh!.id])).toMatchObject([{ count: null, problem: { code: 'rate_limited' } }])
    // The server's log names the failure but never the signed URL.
    expect(live().logs.join('\n')).not.toMatch(/Signature=/)
  })

  it('answers an unknown room without asking ZEGO, and refuses malformed room lists naming the field', async () => {
    const before = userNumCalls().length
    expect(await counts(['no_such_room'])).toEqual([{ roomId: 'no_such_room', count: null, adminCount: null, countedAt: null, ageSeconds: null, problem: { code: 'unknown_room', message: 'room no_such_room does not exist' } }])
    expect(userNumCalls().length).toBe(before)
    for (const roomIds of ['', 'a,,b', 'a;b', Array.from({ length: 101 }, (_, i) => `r${i}`).join(',')]) {
      const res = await live().request({ url: `/api/admin/online-counts?roomIds=${encodeURIComponent(roomIds)}`, headers: staffRead(staff) })
      expect({ roomIds, status: res.statusCode, field: res.json().field }).toEqual({ roomIds, status: 400, field: 'roomIds' })
    }
    expect((await live().request({ url: '/api/admin/online-counts?roomIds=a' })).statusCode).toBe(401)
  })
})
