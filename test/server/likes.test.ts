/**
 * Likes: batches from many viewers add up in the database, and the room hears the total through
 * ZEGO's SendCustomCommand at most once a second per room and within the per-AppID rate, on the
 * server's clock, whatever ZEGO answers; a viewer who enters late reads the total.
 */
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import { LIKES_SENDER_ID, parseLikesCommand } from '../../miniprogram/contract/likes-rules'
import type { LikesTotal } from '../../miniprogram/contract/likes-schemas'
import { LikesBroadcaster } from '../../server/src/likes/likes-broadcaster'
import type { FakeZegoServerApi, ZegoLedgerEntry } from '../fakes/zego-server-api'
import { bearer, createTestServer, type TestServer } from './support/test-server'
import { createRoom, zegoFollowing } from './support/comment-fixtures'
import { openSse } from './support/sse-reader'
import { createStaff, staffRead, staffSignIn } from './support/staff-session'
import type { MonitorSnapshot } from '../../miniprogram/contract/console-schemas'

const COMMAND = 'SendCustomCommand'

let server: TestServer
let zego: FakeZegoServerApi
let admin: LoginResponse
let anchor: LoginResponse
let viewers: LoginResponse[]

beforeAll(async () => {
  zego = zegoFollowing(() => server)
  await zego.start()
  server = await createTestServer({ env: { ZEGO_API_BASE: zego.baseUrl, ZEGO_TIMEOUT_MS: '300', RATE_LIMIT_LIKES_PER_MINUTE: '100000', ZEGO_COMMANDS_PER_SECOND: '10' } })
  admin = await server.signIn('likes-admin', 'admin')
  anchor = await server.signIn('likes-anchor', 'anchor')
  viewers = await Promise.all([1, 2, 3].map((i) => server.signIn(`likes-viewer-${i}`)))
})

afterAll(async () => {
  await server?.close()
  await zego?.close()
})

beforeEach(async () => {
  zego.clearFaults()
  zego.qpsLimit = 100
  // Every earlier announcement is due and sent before the next case counts calls.
  server.timers.advance(10_000)
  await server.handles.likes.broadcaster.idle()
})

async function like(login: LoginResponse, roomId: string, count: number): Promise<LikesTotal> {
  const res = await server.request({ method: 'POST', url: `/api/rooms/${roomId}/likes`, headers: bearer(login), payload: { count } })
  if (res.statusCode !== 200) throw new Error(`like answered ${res.statusCode} ${res.body}`)
  return res.json<LikesTotal>()
}

/** Moves the server's clock in steps, letting each announcement that falls due finish. */
async function pass(ms: number, others: LikesBroadcaster[] = []): Promise<void> {
  const step = 100
  for (let t = 0; t < ms; t += step) {
    server.timers.advance(Math.min(step, ms - t))
    await Promise.all([server.handles.likes.broadcaster, ...others].map((b) => b.idle()))
  }
}

const commandsTo = (roomId: string): ZegoLedgerEntry[] => zego.callsTo(COMMAND).filter((c) => c.params.RoomId === roomId)
const announced = (roomId: string): Array<number | null> => commandsTo(roomId).map((c) => parseLikesCommand(c.params.MessageContent ?? '', roomId))

/** Calls per server second, e.g. {1795…: 1}. */
function perSecond(calls: ZegoLedgerEntry[]): number[] {
  const counts = new Map<string, number>()
  for (const c of calls) counts.set(c.params.Timestamp ?? '', (counts.get(c.params.Timestamp ?? '') ?? 0) + 1)
  return [...counts.values()]
}

describe('POST /api/rooms/:id/likes', () => {
  let room: Room
  beforeAll(async () => {
    room = await createRoom(server, admin, anchor)
  })

  it('adds every batch to the room total and announces it to the whole room at most once a second', async () => {
    const before = zego.callsTo(COMMAND).length
    const answers: number[] = []
    // 3 viewers, 5 batches each, all within 0.5 s of the server's clock.
    for (let i = 0; i < 5; i++) {
      for (const v of viewers) answers.push((await like(v, room.id, 4)).total)
      await pass(100)
    }
    expect(answers).toEqual(Array.from({ length: 15 }, (_, i) => 4 * (i + 1)))
    await pass(3000)
    const calls = zego.callsTo(COMMAND).slice(before)
    // The first three batches are announced at once, everything after them one interval later.
    expect(announced(room.id)).toEqual([12, 60])
    expect(perSecond(calls)).toEqual([1, 1])
    for (const c of calls) {
      expect(c.signature).toBe('ok')
      expect(c.params.FromUserId).toBe(LIKES_SENDER_ID)
      expect(Object.keys(c.params).filter((k) => k.startsWith('ToUserId'))).toEqual([])
      expect(Buffer.byteLength(c.params.MessageContent ?? '')).toBeLessThan(1024)
    }
    // A late joiner reads what the room was told, without signing in.
    const late = await server.request({ url: `/api/rooms/${room.id}/likes` })
    expect([late.statusCode, late.json<LikesTotal>()]).toEqual([200, { roomId: room.id, total: 60 }])
    expect(await server.handles.likes.repo.total(room.id)).toBe(60)
  })

  it('keeps 20 rooms under 100 batches a second each within one announcement per room per second and the AppID rate', async () => {
    zego.qpsLimit = 10
    const rooms = await Promise.all(Array.from({ length: 20 }, () => createRoom(server, admin, anchor)))
    const before = zego.callsTo(COMMAND).length
    const sent = new Map<string, number>()
    for (let second = 0; second < 4; second++) {
      for (let tenth = 0; tenth < 10; tenth++) {
        await Promise.all(rooms.map(async (r, i) => {
          const count = 1 + ((i + tenth) % 10)
          await like(viewers[i % 3] as LoginResponse, r.id, count)
          sent.set(r.id, (sent.get(r.id) ?? 0) + count)
        }))
        await pass(100)
      }
    }
    await pass(6000)
    const calls = zego.callsTo(COMMAND).slice(before)
    // ZEGO_COMMANDS_PER_SECOND=10 against a fake that refuses the 11th call of a second.
    expect(Math.max(...perSecond(calls))).toBeLessThanOrEqual(10)
    expect(zego.commands.length).toBeGreaterThan(0)
    for (const r of rooms) {
      expect(Math.max(...perSecond(commandsTo(r.id)))).toBe(1)
      const totals = announced(r.id)
      // Totals only rise, and the last one is everything the room was sent.
      expect([...totals].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(totals)
      expect(totals.at(-1)).toBe(sent.get(r.id))
    }
  })

  it.each([
    ['ZEGO answering 206 (QPS limited)', { kind: 'code', code: 206 } as const],
    ['HTTP 500', { kind: 'http', status: 500 } as const],
    ['no answer (timeout)', { kind: 'timeout' } as const],
  ])('announces again one interval later after %s', async (_label, fault) => {
    const r = await createRoom(server, admin, anchor)
    // For this room only: announcements other rooms still have due must not take them.
    zego.injectFault({ ...fault, roomId: r.id }, 2)
    await like(viewers[0] as LoginResponse, r.id, 7)
    await pass(400)
    await like(viewers[1] as LoginResponse, r.id, 3)
    await pass(5000)
    // Two refused, then one announcement carrying both batches.
    const content = commandsTo(r.id).map((c) => parseLikesCommand(c.params.MessageContent ?? '', r.id))
    expect(content).toEqual([7, 10, 10])
    expect(server.logs.join('\n')).toMatch(/likes total not announced; retrying/)
  })

  it('stops trying when nobody is in the ZEGO room, and announces the next batch', async () => {
    const r = await createRoom(server, admin, anchor)
    zego.injectFault({ kind: 'code', code: 50001 }, 1)
    await like(viewers[0] as LoginResponse, r.id, 2)
    await pass(5000)
    expect(announced(r.id)).toEqual([2])
    await like(viewers[0] as LoginResponse, r.id, 2)
    await pass(2000)
    expect(announced(r.id)).toEqual([2, 4])
  })

  it('answers bad batches with 400 naming count, and refuses rooms that are not live', async () => {
    for (const payload of [{ count: 0 }, { count: 51 }, { count: 1.5 }, { count: '3' }, {}, { count: 1, extra: true }, { count: 1e308 }]) {
      const res = await server.request({ method: 'POST', url: `/api/rooms/${room.id}/likes`, headers: bearer(viewers[0] as LoginResponse), payload })
      expect([JSON.stringify(payload), res.statusCode]).toEqual([JSON.stringify(payload), 400])
      expect(res.json<{ field?: string }>().field).toMatch(/count|extra|body/)
    }
    const anonymous = await server.request({ method: 'POST', url: `/api/rooms/${room.id}/likes`, payload: { count: 1 } })
    expect(anonymous.statusCode).toBe(401)
    const missing = await server.request({ method: 'POST', url: '/api/rooms/r_missing/likes', headers: bearer(viewers[0] as LoginResponse), payload: { count: 1 } })
    expect(missing.statusCode).toBe(404)
    const scheduled = await createRoom(server, admin, anchor, 'scheduled')
    const notLive = await server.request({ method: 'POST', url: `/api/rooms/${scheduled.id}/likes`, headers: bearer(viewers[0] as LoginResponse), payload: { count: 1 } })
    expect([notLive.statusCode, notLive.json<{ error: string }>().error]).toEqual([409, 'room_not_live'])
    expect(await server.handles.likes.repo.total(scheduled.id)).toBe(0)
  })

  it('two instances sharing the store and the database announce a room once a second between them', async () => {
    const r = await createRoom(server, admin, anchor)
    const other = new LikesBroadcaster({
      likes: server.handles.likes.repo,
      store: server.handles.store,
      zego: server.handles.zegoServerApi,
      log: server.app.log,
      nowMs: server.clock.nowMs,
      commandsPerSecond: 10,
      timer: server.timers,
    })
    for (let i = 0; i < 20; i++) {
      await like(viewers[0] as LoginResponse, r.id, 1)
      // The other instance took a batch in the same tenth of a second.
      await server.handles.likes.repo.add(r.id, 1, Math.floor(server.clock.nowMs() / 1000))
      other.touch(r.id)
      await pass(100, [other])
    }
    await pass(3000, [other])
    await other.stop()
    expect(Math.max(...perSecond(commandsTo(r.id)))).toBe(1)
    expect(announced(r.id).at(-1)).toBe(40)
  })
})

describe('likes on the live monitor', () => {
  it('opens with the total and hears each new one as the room does, even when nobody is in the ZEGO room', async () => {
    const room = await createRoom(server, admin, anchor)
    await like(viewers[0] as LoginResponse, room.id, 7)
    await pass(2000)
    await createStaff(server, 'likes-monitor', 'operator')
    const monitor = await openSse(`${server.baseUrl}/api/admin/rooms/${room.id}/events`, staffRead(await staffSignIn(server, 'likes-monitor')))
    try {
      expect((await monitor.next<MonitorSnapshot>('snapshot')).likes).toBe(7)
      await like(viewers[1] as LoginResponse, room.id, 5)
      await pass(1500)
      expect(await monitor.next<{ total: number }>('likes')).toEqual({ type: 'likes', total: 12 })
      const nobodyBefore = server.logs.filter((l) => l.includes('nobody is in the ZEGO room')).length
      zego.injectFault({ kind: 'code', code: 50001 }, 1)
      await like(viewers[2] as LoginResponse, room.id, 1)
      await pass(1500)
      expect(await monitor.next<{ total: number }>('likes', (e) => e.total === 13)).toEqual({ type: 'likes', total: 13 })
      expect(server.logs.filter((l) => l.includes('nobody is in the ZEGO room')).length).toBe(nobodyBefore + 1)
    } finally {
      monitor.close()
    }
  })
})

describe('rate limit', () => {
  it('answers 429 in the error shape past RATE_LIMIT_LIKES_PER_MINUTE batches of one user', async () => {
    const limited = await createTestServer({ env: { ZEGO_API_BASE: zego.baseUrl, RATE_LIMIT_LIKES_PER_MINUTE: '3' } })
    try {
      const a = await limited.signIn('rl-admin', 'admin')
      const host = await limited.signIn('rl-anchor', 'anchor')
      const v = await limited.signIn('rl-viewer')
      const r = await createRoom(limited, a, host)
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await limited.request({ method: 'POST', url: `/api/rooms/${r.id}/likes`, headers: bearer(v), payload: { count: 1 } })).statusCode)
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      expect(await limited.handles.likes.repo.total(r.id)).toBe(3)
    } finally {
      await limited.close()
    }
  })
})
