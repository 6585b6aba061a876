/**
 * Who a rate limit counts: the socket peer unless TRUST_PROXY names the proxy in front of us, so a
 * client cannot buy fresh sign-ins by writing X-Forwarded-For; and what happens when the shared
 * counter (Redis) fails: a short grace counted in process, then 503 until it answers again.
 */
import type { RateLimitCount, RateLimitCounter } from '../../server/src/http/rate-limit-store'
import { RATE_LIMIT_GRACE_MS } from '../../server/src/http/rate-limit-store'
import { MemoryStore } from '../../server/src/shared-store/memory-store'
import { loadConfig } from '../../server/src/config'
import { baseEnv, bearer, createTestServer, type TestResponse, type TestServer } from './support/test-server'

const login = (server: TestServer, openid: string, headers: Record<string, string> = {}): Promise<TestResponse> =>
  server.request({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:${openid}` }, headers })

const statuses = (responses: TestResponse[]): number[] => responses.map((r) => r.statusCode)

async function loginsFrom(server: TestServer, forwardedFor: (i: number) => string, count: number): Promise<number[]> {
  const out: TestResponse[] = []
  for (let i = 0; i < count; i += 1) out.push(await login(server, `shopper${i}`, { 'x-forwarded-for': forwardedFor(i) }))
  return statuses(out)
}

describe('TRUST_PROXY configuration', () => {
  const parse = (value: string | undefined) => loadConfig({ ...baseEnv('/tmp/x.sqlite'), TRUST_PROXY: value }).trustProxy

  it('trusts no one by default, and takes a hop count or addresses and CIDRs', () => {
    expect(parse(undefined)).toBe(false)
    expect(parse('1')).toBe(1)
    expect(parse('127.0.0.1, 10.0.0.0/8,::1,fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'])
    expect(parse('loopback,uniquelocal')).toEqual(['loopback', 'uniquelocal'])
  })

  it('refuses what is not an address, a CIDR or a hop count', () => {
    expect(() => parse('true')).toThrow(/TRUST_PROXY .*"true" is not an IPv4 or IPv6 address/)
    expect(() => parse('10.0.0.0/33')).toThrow(/prefix length outside 0–32/)
    expect(() => parse('0')).toThrow(/hop count must be from 1 to 10/)
  })
})

describe('sign-in limit against forged X-Forwarded-For', () => {
  let server: TestServer
  afterEach(() => server.close())

  it('counts the socket peer when no proxy is trusted, whatever the header says', async () => {
    server = await createTestServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '3' } })
    expect(await loginsFrom(server, (i) => `203.0.113.${i + 1}`, 5)).toEqual([200, 200, 200, 429, 429])
  })

  it('behind a trusted proxy counts the address the proxy saw, not what the client prepended', async () => {
    server = await createTestServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' } })
    // The proxy appends the address it saw (198.51.100.7); the client wrote the rest.
    expect(await loginsFrom(server, (i) => `203.0.113.${i + 1}, 198.51.100.7`, 5)).toEqual([200, 200, 200, 429, 429])
    // Another real client behind the same proxy has its own count.
    expect((await login(server, 'other', { 'x-forwarded-for': '198.51.100.8' })).statusCode).toBe(200)
  })

  it('with a hop count trusts only that many proxies from the socket inwards', async () => {
    server = await createTestServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '2', TRUST_PROXY: '1' } })
    expect(await loginsFrom(server, (i) => `10.9.9.${i + 1}, 192.0.2.44`, 3)).toEqual([200, 200, 429])
  })

  it('keeps the token limit per user, so a forged header buys no tokens', async () => {
    server = await createTestServer({ env: { RATE_LIMIT_ZEGO_TOKEN_PER_MINUTE: '2' } })
    const admin = await server.signIn('identity-admin', 'admin')
    const anchor = await server.signIn('identity-anchor', 'anchor')
    const created = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'Limits', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
    expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 })
    const roomId = created.json<{ room: { id: string } }>().room.id
    const shopper = await server.signIn('identity-shopper')
    const answers: TestResponse[] = []
    for (let i = 0; i < 3; i += 1) {
      answers.push(await server.request({ method: 'POST', url: '/api/zego/token', headers: { ...bearer(shopper), 'x-forwarded-for': `203.0.113.${i}` }, payload: { roomId } }))
    }
    expect(statuses(answers)).toEqual([200, 200, 429])
    expect(answers[2]?.json()).toMatchObject({ error: 'rate_limited' })
  })
})

/** A shared counter as Redis would keep it, that can be made to fail like an unreachable Redis. */
class FlakyCounter implements RateLimitCounter {
  failing = false
  readonly counts = new Map<string, number>()
  calls = 0
  async increment(key: string, windowMs: number): Promise<RateLimitCount> {
    this.calls += 1
    if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
    const current = (this.counts.get(key) ?? 0) + 1
    this.counts.set(key, current)
    return { current, ttl: windowMs }
  }
}

class StoreWithCounter extends MemoryStore {
  constructor(
    now: () => number,
    readonly rateLimitCounter: FlakyCounter,
  ) {
    super(now)
  }
}

describe('rate limits when the shared counter fails', () => {
  let server: TestServer
  const counter = new FlakyCounter()
  const startMs = Date.UTC(2026, 10, 21, 4, 0, 0)

  beforeAll(async () => {
    // The store's clock follows the server's, which the test moves.
    const store = new StoreWithCounter(() => server?.clock.nowMs() ?? startMs, counter)
    server = await createTestServer({ store, env: { RATE_LIMIT_LOGIN_PER_MINUTE: '5' } })
  })
  afterAll(() => server.close())

  it('counts in the shared counter while it answers', async () => {
    expect((await login(server, 'a')).statusCode).toBe(200)
    expect([...counter.counts.entries()]).toEqual([['POST/api/auth/login-127.0.0.1', 1]])
  })

  it('serves through a short outage, counting in process, then refuses with 503 until the counter is back', async () => {
    counter.failing = true
    const during = await login(server, 'b')
    expect({ status: during.statusCode, body: during.json() }).toMatchObject({ status: 200 })
    // The in-process count still limits within the grace.
    const more = await loginsFrom(server, () => '203.0.113.9', 5)
    expect(more).toEqual([200, 200, 200, 200, 429])

    server.clock.advanceSeconds(RATE_LIMIT_GRACE_MS / 1000 + 1)
    const closed = await login(server, 'c')
    expect({ status: closed.statusCode, body: closed.json() }).toEqual({
      status: 503,
      body: { error: 'rate_limit_unavailable', message: expect.stringMatching(/cannot be reached/) },
    })
    expect(server.logs.some((l) => l.includes('rate-limit counter failed'))).toBe(true)

    counter.failing = false
    expect((await login(server, 'd')).statusCode).toBe(200)
    expect(server.logs.some((l) => l.includes('rate-limit counter answers again'))).toBe(true)
  })
})
