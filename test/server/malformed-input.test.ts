/**
 * Every operation of the served OpenAPI document, attacked as a client would: for each parameter
 * and body field, values generated from its schema type that a well-behaved client never sends.
 * The document is read at run time, so routes added later are covered without editing this file.
 * Nothing may answer 5xx, every 4xx keeps the project's error shape, and /healthz still answers.
 */
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import { bearer, createTestServer, type TestServer } from './support/test-server'
import { createRoom, zegoFollowing } from './support/comment-fixtures'
import type { FakeZegoServerApi } from '../fakes/zego-server-api'
import { FakeWechatApi } from '../fakes/wechat-api'
import { malformedCases, operationsOf, type OpenApiDocument, type Operation } from './support/malformed-cases'

jest.setTimeout(120_000)

let server: TestServer
let zego: FakeZegoServerApi
let wechat: FakeWechatApi
let admin: LoginResponse
let room: Room
let goodsId: string

beforeAll(async () => {
  zego = zegoFollowing(() => server)
  await zego.start()
  // With WeChat credentials (the fake), so the WeChat live routes run their real code too.
  wechat = new FakeWechatApi()
  await wechat.start()
  server = await createTestServer({
    wechat,
    env: {
      ZEGO_API_BASE: zego.baseUrl,
      ZEGO_TIMEOUT_MS: '300',
      ZEGO_CALLBACK_SECRET: 'zego-callback-secret-0123456789',
      WECHAT_LIVE_TEMPLATE_ID: 'tmpl_live_reminder',
      WECHAT_LIVE_TEMPLATE_FIELDS: 'title:thing1,start:time2',
      RATE_LIMIT_LOGIN_PER_MINUTE: '10000000',
      RATE_LIMIT_ZEGO_TOKEN_PER_MINUTE: '10000000',
      RATE_LIMIT_COMMENTS_PER_MINUTE: '10000000',
      RATE_LIMIT_LIKES_PER_MINUTE: '10000000',
    },
  })
  admin = await server.signIn('fuzz-admin', 'admin')
  const anchor = await server.signIn('fuzz-anchor', 'anchor')
  room = await createRoom(server, admin, anchor, 'live')
  const goods = await server.request({ method: 'POST', url: '/api/goods', headers: bearer(admin), payload: { title: 'Fuzz', priceFen: 100, stock: 1, status: 'on_sale', images: [] } })
  goodsId = goods.statusCode === 201 ? goods.json<{ goods: { id: string } }>().goods.id : 'g_missing'
})

afterAll(async () => {
  await server?.close()
  await zego?.close()
  await wechat?.close()
})

/** Existing IDs for path parameters, so a malformed body reaches the code behind the lookups. */
function pathValue(path: string, name: string): string {
  if (path.startsWith('/api/goods')) return goodsId
  if (path.startsWith('/api/rooms')) return room.id
  if (name === 'roomId') return '1'
  return 'x1'
}

it('answers every malformed parameter and body field of every documented operation with 4xx, never 5xx', async () => {
  const doc = (await server.request({ url: '/docs/json' })).json<OpenApiDocument>()
  const operations: Operation[] = operationsOf(doc)
  // The document is what the test walks: make sure it is the real one.
  expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/rooms', 'POST /api/zego/callback']))

  const failures: string[] = []
  let sent = 0
  for (const operation of operations) {
    for (const c of malformedCases(operation, (name) => pathValue(operation.path, name))) {
      sent += 1
      const res = await server.request({ method: c.method, url: c.url, rawBody: c.body, headers: { ...bearer(admin), ...c.headers } })
      const problem = problemWith(res.statusCode, res.body)
      if (problem !== null) failures.push(`${c.method} ${c.url.slice(0, 160)} ${c.label}: ${problem}`)
    }
  }
  expect(failures).toEqual([])
  expect(sent).toBeGreaterThan(operations.length * 5)
  const health = await server.request({ url: '/healthz' })
  expect({ status: health.statusCode, body: health.body.slice(0, 200) }).toEqual({ status: 200, body: expect.stringContaining('"ok"') })
})

function problemWith(status: number, body: string): string | null {
  if (status >= 500) return `${status} ${body.slice(0, 200)}`
  if (status < 400) return null
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(body) as Record<string, unknown>
  } catch {
    return `${status} answered a body that is not JSON: ${body.slice(0, 200)}`
  }
  if (typeof parsed.error !== 'string' || typeof parsed.message !== 'string') return `${status} without {error, message}: ${body.slice(0, 200)}`
  if (parsed.error.startsWith('FST_')) return `${status} leaks Fastify's code ${parsed.error}`
  if (status === 400 && typeof parsed.field !== 'string') return `400 without a field: ${body.slice(0, 200)}`
  return null
}
