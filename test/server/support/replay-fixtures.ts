/**
 * What the replay suites share: a test server recording to the fake ZEGO cloud recording API on
 * the server's clock, rooms with a shelf, status reports and ZEGO stream callbacks.
 */
import crypto from 'node:crypto'
import type { LoginResponse, Room } from '../../../miniprogram/core/api-types'
import { zegoCallbackSignature } from '../../../server/src/zego/callback-signature'
import { FakeCloudRecording } from '../../fakes/zego-cloud-recording'
import { bearer, createTestServer, TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, type TestResponse, type TestServer } from './test-server'

export const CALLBACK_SECRET = 'zego-callback-secret-0123456789'
export const DOWNLOAD_ORIGIN = 'https://replays.shop.example'

export interface ReplayWorld {
  server: TestServer
  fake: FakeCloudRecording
  admin: LoginResponse
  anchor: LoginResponse
  close(): Promise<void>
}

export function recordingEnv(fake: FakeCloudRecording, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ZEGO_CALLBACK_SECRET: CALLBACK_SECRET,
    ZEGO_TIMEOUT_MS: '300',
    ZEGO_RECORD_API_BASE: fake.baseUrl,
    ZEGO_RECORD_STORAGE_VENDOR: 'oss',
    ZEGO_RECORD_STORAGE_REGION: 'oss-cn-hangzhou',
    ZEGO_RECORD_STORAGE_BUCKET: 'shop-replays',
    ZEGO_RECORD_STORAGE_ACCESS_KEY_ID: 'LTAI-test-key',
    ZEGO_RECORD_STORAGE_ACCESS_KEY_SECRET: 'test-key-secret-0123456789',
    ZEGO_RECORD_DOWNLOAD_ORIGIN: DOWNLOAD_ORIGIN,
    ...extra,
  }
}

export async function replayWorld(extra: Record<string, string> = {}): Promise<ReplayWorld> {
  let server: TestServer | undefined
  const fake = new FakeCloudRecording(TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, CALLBACK_SECRET, () => server?.clock.nowMs() ?? Date.now())
  await fake.start()
  server = await createTestServer({ env: recordingEnv(fake, extra) })
  const admin = await server.signIn('replay-admin', 'admin')
  const anchor = await server.signIn('replay-anchor', 'anchor')
  const s = server
  return { server: s, fake, admin, anchor, close: async () => { await s.close(); await fake.close() } }
}

export async function roomWithShelf(w: ReplayWorld, goodsTitles: string[] = ['Tea', 'Cup']): Promise<{ room: Room; goodsIds: string[] }> {
  const goodsIds: string[] = []
  for (const title of goodsTitles) {
    const res = await w.server.request({ method: 'POST', url: '/api/goods', headers: bearer(w.admin), payload: { title, priceFen: 1990, stock: 10, status: 'on_sale', images: [] } })
    expect(res.statusCode).toBe(201)
    goodsIds.push(res.json<{ goods: { id: string } }>().goods.id)
  }
  const created = await w.server.request({ method: 'POST', url: '/api/rooms', headers: bearer(w.admin), payload: { title: 'Evening tea', anchorUserId: w.anchor.user.id, scheduledStart: 1_795_400_000, shelf: goodsIds } })
  expect(created.statusCode).toBe(201)
  return { room: created.json<{ room: Room }>().room, goodsIds }
}

export function report(w: ReplayWorld, roomId: string, status: 'live' | 'ended', session = 'console-session-1'): Promise<TestResponse> {
  return w.server.request({ method: 'POST', url: `/api/rooms/${roomId}/status`, headers: bearer(w.anchor), payload: { status, session } })
}

export function explain(w: ReplayWorld, roomId: string, goodsId: string): Promise<TestResponse> {
  return w.server.request({ method: 'POST', url: `/api/rooms/${roomId}/explains`, headers: bearer(w.anchor), payload: { goodsId } })
}

/** A ZEGO stream callback as ZEGO posts it (all values strings), signed. */
export function streamCallback(w: ReplayWorld, event: 'stream_create' | 'stream_close', room: Room, createTimeMs: number, type = '1'): Promise<TestResponse> {
  const timestamp = String(Math.floor(w.server.clock.nowMs() / 1000))
  const nonce = String(crypto.randomInt(1_000_000, 9_999_999))
  const payload = { event, appid: String(TEST_ZEGO_APP_ID), timestamp, nonce, signature: zegoCallbackSignature(CALLBACK_SECRET, timestamp, nonce), room_id: room.id, stream_id: room.streamId, create_time_ms: String(createTimeMs), type }
  return w.server.request({ method: 'POST', url: '/api/zego/callback', payload })
}

export function recordCallback(w: ReplayWorld, body: Record<string, unknown>): Promise<TestResponse> {
  return w.server.request({ method: 'POST', url: '/api/zego/record-callback', payload: body })
}

/** Lets the recording work started after an answer (StartRecord, StopRecord) finish. */
export const settle = (w: ReplayWorld): Promise<void> => w.server.handles.recorder.idle()
