/**
 * What every benchmark run shares: a SQLite file with goods, rooms and signed-in users, the fake
 * WeChat API and the fake ZEGO server API on 127.0.0.1, and the environment each server worker
 * reads. The primary builds it once; workers open the same file.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { issueSessionToken } from '../../server/src/auth/session-token'
import { UsersRepo } from '../../server/src/auth/users-repo'
import { openDatabase } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrations'
import { GoodsRepo } from '../../server/src/goods/goods-repo'
import { RoomsRepo } from '../../server/src/rooms/rooms-repo'
import { FakeWechatApi } from '../../test/fakes/wechat-api'
import { fakeLiveRoom } from '../../test/fakes/wechat-api-fixtures'
import { FakeZegoServerApi } from '../../test/fakes/zego-server-api'

const ZEGO_APP_ID = 1234567890
const ZEGO_SECRET = 'abcdefghijklmnopqrstuvwxyz012345'
const SESSION_SECRET = 'bench-session-secret-0123456789abcdef'
export const COMMENT_SENDERS = 50

export interface Fixture {
  env: Record<string, string>
  wechat: FakeWechatApi
  zego: FakeZegoServerApi
  /** A live room, the one the token and comment routes name. */
  roomId: string
  /** Session tokens of the shoppers who comment (one per concurrent sender). */
  senderTokens: string[]
  close(): Promise<void>
}

export async function createFixture(): Promise<Fixture> {
  const wechat = new FakeWechatApi()
  await wechat.start()
  // About the 12 KB answer of a storefront with a busy live schedule.
  wechat.rooms = Array.from({ length: 30 }, (_, i) => fakeLiveRoom(1000 + i))
  const zego = new FakeZegoServerApi(ZEGO_APP_ID, ZEGO_SECRET)
  await zego.start()

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-bench-'))
  const databaseUrl = `file:${path.join(dir, 'bench.sqlite')}`
  const database = openDatabase(databaseUrl)
  await migrateToLatest(database.db)
  const nowSeconds = Math.floor(Date.now() / 1000)
  const users = new UsersRepo(database.db)
  const rooms = new RoomsRepo(database.db)
  const goods = new GoodsRepo(database.db)
  const anchor = await users.setRole('bench-anchor', 'anchor')
  const shelf: string[] = []
  for (let i = 0; i < 20; i += 1) {
    const g = await goods.create({ title: `直播好物 ${i + 1} 号`, images: [`https://img.example.com/goods/${i + 1}.jpg`], priceFen: 1990 + i * 100, stock: 100 + i, status: 'on_sale' }, nowSeconds)
    shelf.push(g.id)
  }
  let roomId = ''
  for (let i = 0; i < 20; i += 1) {
    const room = await rooms.create(
      { title: `第 ${i + 1} 场直播`, cover: `https://img.example.com/cover/${i + 1}.jpg`, anchorUserId: anchor.id, scheduledStart: nowSeconds + i * 3600, scheduledEnd: null, status: i === 0 ? 'live' : 'scheduled', shelf: shelf.slice(0, 5) },
      nowSeconds,
    )
    if (i === 0) roomId = room.id
  }
  const senderTokens: string[] = []
  for (let i = 0; i < COMMENT_SENDERS; i += 1) {
    const user = await users.findOrCreate(`bench-shopper-${i}`)
    senderTokens.push(issueSessionToken(SESSION_SECRET, user.id, nowSeconds))
  }
  await database.close()

  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    WECHAT_APPID: wechat.appId,
    WECHAT_APPSECRET: wechat.appSecret,
    WECHAT_API_BASE: wechat.baseUrl,
    ZEGO_APP_ID: String(ZEGO_APP_ID),
    ZEGO_SERVER_SECRET: ZEGO_SECRET,
    ZEGO_API_BASE: zego.baseUrl,
    SESSION_SECRET,
    // Info, as production runs: the per-request log line is part of what is measured.
    LOG_LEVEL: 'info',
    // The benchmark measures throughput, not the limiter (which still counts every request).
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000000',
    RATE_LIMIT_ZEGO_TOKEN_PER_MINUTE: '10000000',
    RATE_LIMIT_COMMENTS_PER_MINUTE: '10000000',
  }
  if (process.env.TEST_REDIS_URL !== undefined) env.REDIS_URL = process.env.TEST_REDIS_URL
  return {
    env,
    wechat,
    zego,
    roomId,
    senderTokens,
    close: async () => {
      await wechat.close()
      await zego.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
