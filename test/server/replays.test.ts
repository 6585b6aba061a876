/**
 * Replays of our own rooms against the fake ZEGO cloud recording API: one recording per live
 * despite retries and reconnects, segments stored once whatever ZEGO repeats or reorders, the
 * sweeper standing in for a callback that never came, partial uploads and abnormal ends, the
 * explain timeline, and signed play URLs.
 */
import type { RoomReplaysResponse } from '../../miniprogram/contract/replay-schemas'
import type { Room } from '../../miniprogram/core/api-types'
import { CALLBACK_WAIT_MS, RECONNECT_GRACE_MS } from '../../server/src/replays/live-recorder'
import { typeASignature } from '../../server/src/replays/replay-urls'
import { bearer } from './support/test-server'
import { DOWNLOAD_ORIGIN, explain, recordCallback, replayWorld, report, roomWithShelf, settle, streamCallback, type ReplayWorld } from './support/replay-fixtures'

let w: ReplayWorld

beforeAll(async () => {
  w = await replayWorld()
})
afterAll(() => w.close())

const nowMs = (): number => w.server.clock.nowMs()
const startsFor = (roomId: string) => w.fake.callsTo('StartRecord').filter((c) => c.body.RoomId === roomId)
const clientTaskIdOf = (call: { body: Record<string, unknown> }): unknown => (call.body.RecordInputParams as Record<string, unknown>).ClientTaskId
const stopsFor = (taskId: string) => w.fake.callsTo('StopRecord').filter((c) => c.body.TaskId === taskId)
const describesFor = (taskId: string) => w.fake.callsTo('DescribeRecordStatus').filter((c) => c.body.TaskId === taskId)
const replaysOf = async (roomId: string): Promise<RoomReplaysResponse> => {
  const res = await w.server.request({ url: `/api/rooms/${roomId}/replays` })
  expect(res.statusCode).toBe(200)
  return res.json<RoomReplaysResponse>()
}
const sessionsOf = (roomId: string) => w.server.handles.database.db.selectFrom('live_sessions').selectAll().where('room_id', '=', roomId).execute()
const onlyTask = (roomId: string) => {
  const tasks = w.fake.taskOfRoom(roomId)
  expect(tasks).toHaveLength(1)
  return tasks[0]!
}

/** Live through the console, recording started. */
async function liveRoom(): Promise<{ room: Room; goodsIds: string[] }> {
  const made = await roomWithShelf(w)
  expect((await report(w, made.room.id, 'live')).statusCode).toBe(200)
  await settle(w)
  return made
}

describe('one recording per live session', () => {
  it('survives a lost StartRecord answer, repeated reports and an anchor’s drop-out, then stops once', async () => {
    const { room } = await roomWithShelf(w)
    // ZEGO creates the task but its answer never arrives.
    w.fake.injectFault({ kind: 'lost_answer' })
    expect((await report(w, room.id, 'live')).statusCode).toBe(200)
    await settle(w)
    expect(startsFor(room.id)).toHaveLength(1)
    // The console repeats its report: the live is the same, nothing is started again.
    expect((await report(w, room.id, 'live')).statusCode).toBe(200)
    await settle(w)
    expect(startsFor(room.id)).toHaveLength(1)

    // The sweeper retries with the same ClientTaskId, and ZEGO answers the task it already has.
    w.server.clock.advanceSeconds(10)
    await w.server.handles.recordingSweeper.sweepOnce()
    const starts = startsFor(room.id)
    expect(starts.map(clientTaskIdOf)).toEqual([clientTaskIdOf(starts[0]!), clientTaskIdOf(starts[0]!)])
    const task = onlyTask(room.id)
    expect(task.body).toMatchObject({
      RecordInputParams: { RecordMode: 1, MaxIdleTime: 300, FillBlank: true, RecordStreamList: [{ StreamId: room.streamId }] },
      RecordOutputParams: { OutputFileFormat: 'mp4', OutputFolder: 'replays/' },
      StorageParams: { Vendor: 2, Region: 'oss-cn-hangzhou', Bucket: 'shop-replays', AccessKeyId: 'LTAI-test-key' },
    })

    // The anchor's network drops: ZEGO closes the stream, the SDK publishes it again 40 s later.
    const firstStream = nowMs()
    expect((await streamCallback(w, 'stream_create', room, firstStream)).statusCode).toBe(200)
    w.server.clock.advanceSeconds(600)
    expect((await streamCallback(w, 'stream_close', room, firstStream)).json()).toEqual({ ok: true, applied: 'ended' })
    w.fake.streamGap(task.taskId, nowMs(), 40)
    w.server.clock.advanceSeconds(40)
    expect((await streamCallback(w, 'stream_create', room, nowMs())).json()).toEqual({ ok: true, applied: 'live' })
    await settle(w)
    // Past the reconnect grace: the stop that the close scheduled was called off by the return.
    w.server.clock.advanceSeconds(RECONNECT_GRACE_MS / 1000 + 10)
    await w.server.handles.recordingSweeper.sweepOnce()
    expect(stopsFor(task.taskId)).toHaveLength(0)
    expect(startsFor(room.id)).toHaveLength(2)
    expect(await sessionsOf(room.id)).toHaveLength(1)
    expect(task.status).toBe(2)

    // The anchor ends the live: the recording stops at once, once.
    w.server.clock.advanceSeconds(1200)
    expect((await report(w, room.id, 'ended')).statusCode).toBe(200)
    await settle(w)
    expect(stopsFor(task.taskId)).toHaveLength(1)
    expect(task.files).toHaveLength(1)
    expect(w.fake.ledger.every((c) => c.signature === 'ok')).toBe(true)
  })

  it('stores the segments once from repeated and reordered callbacks', async () => {
    const { room } = await liveRoom()
    const task = onlyTask(room.id)
    w.server.clock.advanceSeconds(900)
    await report(w, room.id, 'ended')
    await settle(w)
    const uploaded = w.fake.callback(task.taskId, 1)
    const answers = []
    // ZEGO retries a callback twice; here the upload comes first and the exits after it.
    for (const body of [uploaded, uploaded, uploaded, w.fake.callback(task.taskId, 5), w.fake.callback(task.taskId, 7)]) {
      const res = await recordCallback(w, body)
      expect(res.statusCode).toBe(200)
      answers.push(res.json<{ added: number }>().added)
    }
    expect(answers).toEqual([1, 0, 0, 0, 0])
    const { replays } = await replaysOf(room.id)
    expect(replays).toHaveLength(1)
    const file = task.files[0]!
    expect(replays[0]!.segments).toEqual([{ url: `${DOWNLOAD_ORIGIN}/replays/${file.fileId}`, startMs: file.beginMs, durationMs: file.durationMs, sizeBytes: file.sizeBytes, expiresAt: null }])
    expect(replays[0]!.partial).toBe(false)
    // The exits that came after the upload did not move the session back.
    expect((await sessionsOf(room.id)).map((s) => s.record_state)).toEqual(['done'])
    // Nothing is left for the sweeper to ask about.
    w.server.clock.advanceSeconds(CALLBACK_WAIT_MS / 1000 + 1)
    await w.server.handles.recordingSweeper.sweepOnce()
    expect(describesFor(task.taskId)).toHaveLength(0)
    const listed = (await w.server.request({ url: '/api/rooms?status=ended&limit=100' })).json<{ rooms: Room[] }>().rooms
    expect(listed.find((r) => r.id === room.id)?.hasReplay).toBe(true)
  })
})

describe('the sweeper', () => {
  it('asks DescribeRecordStatus when the upload callback never came, and stores the files once', async () => {
    const { room } = await liveRoom()
    const task = onlyTask(room.id)
    w.server.clock.advanceSeconds(1800)
    await report(w, room.id, 'ended')
    await settle(w)
    // Within the wait ZEGO's callback (and its two retries) may still come: nothing is asked yet.
    await w.server.handles.recordingSweeper.sweepOnce()
    expect(describesFor(task.taskId)).toHaveLength(0)
    w.server.clock.advanceSeconds(CALLBACK_WAIT_MS / 1000 + 1)
    expect(await w.server.handles.recordingSweeper.sweepOnce()).toMatchObject({ checked: 1 })
    expect(describesFor(task.taskId)).toHaveLength(1)
    const { replays } = await replaysOf(room.id)
    expect(replays.map((r) => r.segments.length)).toEqual([1])
    // The late callback adds nothing.
    expect((await recordCallback(w, w.fake.callback(task.taskId, 1))).json()).toMatchObject({ added: 0 })
  })

  it('retries a StartRecord ZEGO refused (concurrency limit) and a StopRecord that failed', async () => {
    const { room } = await roomWithShelf(w)
    w.fake.injectFault({ kind: 'code', code: 300000006, message: 'too many tasks' })
    await report(w, room.id, 'live')
    await settle(w)
    expect(w.fake.taskOfRoom(room.id)).toHaveLength(0)
    w.server.clock.advanceSeconds(6)
    await w.server.handles.recordingSweeper.sweepOnce()
    const task = onlyTask(room.id)
    w.fake.injectFault({ kind: 'http', status: 502 })
    w.server.clock.advanceSeconds(600)
    await report(w, room.id, 'ended')
    await settle(w)
    expect(task.status).toBe(2)
    w.server.clock.advanceSeconds(6)
    await w.server.handles.recordingSweeper.sweepOnce()
    expect(stopsFor(task.taskId)).toHaveLength(2)
    expect(task.status).toBe(3)
  })
})

describe('partial uploads and abnormal ends', () => {
  it('stores only the files that reached our bucket, flags the gap and alerts on ZEGO’s 3-day backup', async () => {
    const { room } = await liveRoom()
    const task = onlyTask(room.id)
    w.server.clock.advanceSeconds(600)
    w.fake.splitFile(task.taskId, nowMs())
    w.server.clock.advanceSeconds(600)
    await report(w, room.id, 'ended')
    await settle(w)
    expect(task.files).toHaveLength(2)
    w.fake.failUpload(task.taskId, 1, 4)
    const body = w.fake.callback(task.taskId, 1)
    expect(body.detail).toMatchObject({ upload_status: 2 })
    expect((await recordCallback(w, body)).json()).toEqual({ ok: true, applied: 'segments', added: 1 })
    const { replays } = await replaysOf(room.id)
    expect(replays[0]).toMatchObject({ partial: true, segments: [{ startMs: task.files[0]!.beginMs }] })
    expect(w.server.logs.some((l) => l.includes('ZEGO backup storage') && l.includes(task.files[1]!.fileId))).toBe(true)
  })

  it('keeps what was recorded when the anchor stayed away longer than MaxIdleTime', async () => {
    const { room } = await liveRoom()
    const task = onlyTask(room.id)
    w.server.clock.advanceSeconds(300)
    w.fake.streamGap(task.taskId, nowMs(), 400)
    expect(task).toMatchObject({ status: 4, quitReason: 3 })
    w.server.clock.advanceSeconds(300)
    const abnormal = w.fake.callback(task.taskId, 2)
    expect(abnormal.detail).toEqual({ quit_reason: 3 })
    expect((await recordCallback(w, abnormal)).json()).toEqual({ ok: true, applied: 'state', added: 0 })
    // The upload callback is lost; the sweeper asks.
    w.server.clock.advanceSeconds(CALLBACK_WAIT_MS / 1000 + 1)
    await w.server.handles.recordingSweeper.sweepOnce()
    expect((await replaysOf(room.id)).replays.map((r) => r.segments.map((s) => s.durationMs))).toEqual([[300_000]])
    expect(w.server.logs.some((l) => l.includes('cloud recording ended abnormally') && l.includes('"quitReason":3'))).toBe(true)
  })
})

describe('POST /api/zego/record-callback', () => {
  it('refuses what ZEGO did not sign, other projects and stale callbacks; ignores tasks that are not ours', async () => {
    const { room } = await liveRoom()
    const task = onlyTask(room.id)
    const forged = await recordCallback(w, w.fake.callback(task.taskId, 1, { secret: 'not-the-callback-secret-at-all' }))
    expect({ status: forged.statusCode, field: forged.json().field }).toEqual({ status: 401, field: 'signature' })
    const other = await recordCallback(w, { ...w.fake.callback(task.taskId, 5), app_id: 42 })
    expect({ status: other.statusCode, field: other.json().field }).toEqual({ status: 400, field: 'app_id' })
    const stale = await recordCallback(w, w.fake.callback(task.taskId, 5, { timestamp: Math.floor(nowMs() / 1000) - 3600 }))
    expect({ status: stale.statusCode, field: stale.json().field }).toEqual({ status: 400, field: 'timestamp' })
    const unknown = await recordCallback(w, { ...w.fake.callback(task.taskId, 1), task_id: 'NOTOURS000000000' })
    expect(unknown.json()).toEqual({ ok: true, applied: null, added: 0 })
    expect((await sessionsOf(room.id)).map((s) => s.record_state)).toEqual(['recording'])
  })
})

describe('the explain timeline', () => {
  it('times each explain in the live and serves it with the replay', async () => {
    const { room, goodsIds } = await liveRoom()
    const session = (await sessionsOf(room.id))[0]!
    w.server.clock.advanceSeconds(30)
    const first = await explain(w, room.id, goodsIds[0]!)
    expect({ status: first.statusCode, body: first.json() }).toEqual({ status: 201, body: { recorded: true, sessionId: session.id, offsetMs: 30_000 } })
    // The console's retry of the same report adds nothing.
    expect((await explain(w, room.id, goodsIds[0]!)).json()).toMatchObject({ recorded: false })
    w.server.clock.advanceSeconds(60)
    expect((await explain(w, room.id, goodsIds[1]!)).statusCode).toBe(201)
    w.server.clock.advanceSeconds(60)
    expect((await explain(w, room.id, '')).statusCode).toBe(201)
    const offShelf = await explain(w, room.id, 'g_notonshelf')
    expect({ status: offShelf.statusCode, field: offShelf.json().field }).toEqual({ status: 400, field: 'goodsId' })
    const shopper = await w.server.signIn('replay-shopper')
    expect((await w.server.request({ method: 'POST', url: `/api/rooms/${room.id}/explains`, headers: bearer(shopper), payload: { goodsId: '' } })).statusCode).toBe(403)

    await report(w, room.id, 'ended')
    await settle(w)
    expect((await explain(w, room.id, goodsIds[0]!)).statusCode).toBe(409)
    await recordCallback(w, w.fake.callback(onlyTask(room.id).taskId, 1))
    const replay = (await replaysOf(room.id)).replays[0]!
    const start = Number(session.started_ms)
    expect(replay.explains).toEqual([
      { goodsId: goodsIds[0], atMs: start + 30_000 },
      { goodsId: goodsIds[1], atMs: start + 90_000 },
      { goodsId: '', atMs: start + 150_000 },
    ])
  })
})

describe('signed play URLs', () => {
  it('signs each URL for the CDN (type A) and gives a fresh one after it expires', async () => {
    const signed = await replayWorld({ ZEGO_RECORD_URL_AUTH_KEY: 'cdn-url-auth-key-0123456789', ZEGO_RECORD_URL_TTL_SECONDS: '600' })
    try {
      const { room } = await roomWithShelf(signed)
      await report(signed, room.id, 'live')
      await settle(signed)
      signed.server.clock.advanceSeconds(120)
      await report(signed, room.id, 'ended')
      await settle(signed)
      await recordCallback(signed, signed.fake.callback(signed.fake.taskOfRoom(room.id)[0]!.taskId, 1))
      const read = async () => (await signed.server.request({ url: `/api/rooms/${room.id}/replays` })).json<RoomReplaysResponse>().replays[0]!.segments[0]!
      const first = await read()
      const url = new URL(first.url)
      const [ts, rand, uid] = (url.searchParams.get('auth_key') ?? '').split('-')
      expect(url.searchParams.get('auth_key')).toBe(typeASignature({ key: 'cdn-url-auth-key-0123456789', param: 'auth_key', ttlSeconds: 600 }, url.pathname, Number(ts), rand!, uid))
      const now = Math.floor(signed.server.clock.nowMs() / 1000)
      expect(first.expiresAt).toBe(now + 600)
      signed.server.clock.advanceSeconds(700)
      const second = await read()
      expect(second.expiresAt).toBe(now + 1300)
      expect(second.url).not.toBe(first.url)
    } finally {
      await signed.close()
    }
  })
})
