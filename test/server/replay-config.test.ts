/** Recording storage from the environment: all or none; without it recording is off and /healthz says so. */
import type { RoomReplaysResponse } from '../../miniprogram/contract/replay-schemas'
import type { HealthResponse } from '../../miniprogram/core/api-types'
import { ConfigError, loadConfig } from '../../server/src/config'
import { RECORDING_OFF_NOTICE } from '../../server/src/replays/recording-config'
import { baseEnv, bearer, createTestServer } from './support/test-server'
import { roomWithShelf, type ReplayWorld } from './support/replay-fixtures'

describe('recording configuration', () => {
  it('turns on with every storage variable, and names each one missing', () => {
    const env = { ...baseEnv('/tmp/x.sqlite'), ZEGO_CALLBACK_SECRET: 'zego-callback-secret-0123456789' }
    expect(loadConfig(env).recording).toBeNull()
    let error: unknown
    try {
      loadConfig({ ...env, ZEGO_RECORD_STORAGE_VENDOR: 'oss', ZEGO_RECORD_DOWNLOAD_ORIGIN: 'http://replays.example.com' })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems.join('\n')
    for (const name of ['ZEGO_RECORD_STORAGE_BUCKET', 'ZEGO_RECORD_STORAGE_ACCESS_KEY_ID', 'ZEGO_RECORD_STORAGE_ACCESS_KEY_SECRET', 'ZEGO_RECORD_STORAGE_REGION', 'ZEGO_RECORD_DOWNLOAD_ORIGIN must be an https origin']) {
      expect(problems).toContain(name)
    }
    expect(() => loadConfig({ ...env, ZEGO_RECORD_STORAGE_VENDOR: 'kodo' })).toThrow(/ZEGO_RECORD_STORAGE_VENDOR must be one of/)
    const full = loadConfig({
      ...env,
      ZEGO_RECORD_STORAGE_VENDOR: 'cos',
      ZEGO_RECORD_STORAGE_REGION: 'ap-shanghai',
      ZEGO_RECORD_STORAGE_BUCKET: 'replays-1250000000',
      ZEGO_RECORD_STORAGE_ACCESS_KEY_ID: 'AKID',
      ZEGO_RECORD_STORAGE_ACCESS_KEY_SECRET: 'secret',
      ZEGO_RECORD_DOWNLOAD_ORIGIN: 'https://replays.example.com/ignored/path',
    })
    expect(full.recording).toMatchObject({ downloadOrigin: 'https://replays.example.com', maxIdleSeconds: 300, storage: { vendor: 'cos', folder: 'replays/' }, urlAuth: null })
    const { ZEGO_CALLBACK_SECRET: _unused, ...withoutSecret } = env
    expect(() => loadConfig({ ...withoutSecret, ZEGO_RECORD_STORAGE_VENDOR: 'cos', ZEGO_RECORD_STORAGE_REGION: 'r', ZEGO_RECORD_STORAGE_BUCKET: 'b', ZEGO_RECORD_STORAGE_ACCESS_KEY_ID: 'a', ZEGO_RECORD_STORAGE_ACCESS_KEY_SECRET: 's', ZEGO_RECORD_DOWNLOAD_ORIGIN: 'https://r.example.com' })).toThrow(/ZEGO_CALLBACK_SECRET is required with cloud recording/)
  })

  it('without storage: /healthz says recording is off, lives still keep their explains, and no room has a replay', async () => {
    const server = await createTestServer({ env: { ZEGO_CALLBACK_SECRET: 'zego-callback-secret-0123456789' } })
    try {
      const health = (await server.request({ url: '/healthz' })).json<HealthResponse>()
      expect(health).toMatchObject({ recording: 'off', recordingNotice: RECORDING_OFF_NOTICE })
      const admin = await server.signIn('off-admin', 'admin')
      const anchor = await server.signIn('off-anchor', 'anchor')
      const w = { server, admin, anchor } as unknown as ReplayWorld
      const { room, goodsIds } = await roomWithShelf(w)
      expect((await server.request({ method: 'POST', url: `/api/rooms/${room.id}/status`, headers: bearer(anchor), payload: { status: 'live' } })).statusCode).toBe(200)
      await server.handles.recorder.idle()
      const sessions = await server.handles.database.db.selectFrom('live_sessions').select('record_state').where('room_id', '=', room.id).execute()
      expect(sessions).toEqual([{ record_state: 'off' }])
      expect((await server.request({ method: 'POST', url: `/api/rooms/${room.id}/explains`, headers: bearer(anchor), payload: { goodsId: goodsIds[0] } })).statusCode).toBe(201)
      const replays = (await server.request({ url: `/api/rooms/${room.id}/replays` })).json<RoomReplaysResponse>()
      expect(replays).toMatchObject({ roomId: room.id, replays: [] })
      expect(replays.shelfGoods.map((g) => g.id)).toEqual(goodsIds)
      expect(await server.handles.recordingSweeper.sweepOnce()).toEqual({ started: 0, stopped: 0, checked: 0 })
    } finally {
      await server.close()
    }
  })
})
