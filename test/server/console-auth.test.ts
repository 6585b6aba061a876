/**
 * Console sign-in on the web: the cookie's attributes, CSRF on every write, lockout per account,
 * rate limit per client, the role rules of admin and operator, and every console route refusing
 * a shopper's session, no cookie and a forged cookie.
 */
import type { Goods, LoginResponse } from '../../miniprogram/core/api-types'
import { STAFF_LOCK_MINUTES, STAFF_MAX_FAILURES } from '../../server/src/staff/staff-routes'
import { createStaff, staffRead, staffSignIn, staffWrite, STAFF_TEST_PASSWORD, type StaffLogin } from './support/staff-session'
import { bearer, createTestServer, type TestRequest, type TestServer } from './support/test-server'

describe('console staff sessions', () => {
  let server: TestServer
  let admin: StaffLogin
  let operator: StaffLogin
  let shopper: LoginResponse

  // The test client is the deployment's proxy here, so X-Forwarded-Proto says when a request came over https.
  beforeAll(async () => {
    server = await createTestServer({ env: { RATE_LIMIT_STAFF_SIGNIN_PER_MINUTE: '1000', TRUST_PROXY: '127.0.0.1' } })
    await createStaff(server, 'boss', 'admin')
    await createStaff(server, 'clerk', 'operator')
    await createStaff(server, 'victim', 'operator')
    admin = await staffSignIn(server, 'boss')
    operator = await staffSignIn(server, 'clerk')
    shopper = await server.signIn('console-shopper')
  })
  afterAll(() => server.close())

  it('sets an httpOnly SameSite=Strict cookie, Secure only over https, and answers the CSRF token', async () => {
    expect(admin.setCookie).toMatch(/^sf_staff=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/)
    expect(admin.body.staff).toMatchObject({ name: 'boss', role: 'admin' })
    const overHttps = await staffSignIn(server, 'boss', STAFF_TEST_PASSWORD, { 'x-forwarded-proto': 'https' })
    expect(overHttps.setCookie).toMatch(/; Secure/)
    const me = await server.request({ url: '/api/admin/staff/me', headers: staffRead(admin) })
    expect(me.json()).toMatchObject({ staff: { name: 'boss' }, csrfToken: admin.csrfToken })
    // The table keeps only the hash of the session ID.
    const rows = await server.handles.database.db.selectFrom('staff_sessions').select('id_hash').execute()
    expect(rows.map((r) => r.id_hash)).not.toContain(admin.cookie.split('=')[1])
  })

  it('refuses a wrong password or an unknown name alike, naming the password field', async () => {
    for (const payload of [{ name: 'boss', password: 'wrong-password' }, { name: 'nobody', password: 'whatever-it-is' }]) {
      const res = await server.request({ method: 'POST', url: '/api/admin/staff/sign-in', payload })
      expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status: 401, body: { error: 'invalid_credentials', field: 'password' } })
    }
    const bad = await server.request({ method: 'POST', url: '/api/admin/staff/sign-in', payload: { name: 'boss', password: {} } })
    expect({ status: bad.statusCode, field: bad.json().field }).toEqual({ status: 400, field: 'password' })
  })

  it(`locks an account after ${STAFF_MAX_FAILURES} failures for ${STAFF_LOCK_MINUTES} minutes, even for the right password`, async () => {
    const attempt = (password: string) => server.request({ method: 'POST', url: '/api/admin/staff/sign-in', payload: { name: 'victim', password } })
    const statuses: number[] = []
    for (let i = 0; i < STAFF_MAX_FAILURES; i++) statuses.push((await attempt('not-the-password')).statusCode)
    expect(statuses).toEqual([401, 401, 401, 401, 429])
    const locked = await attempt(STAFF_TEST_PASSWORD)
    expect({ status: locked.statusCode, body: locked.json() }).toMatchObject({ status: 429, body: { error: 'account_locked', field: 'name' } })
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    server.clock.advanceSeconds(STAFF_LOCK_MINUTES * 60 + 1)
    expect((await attempt(STAFF_TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('refuses a cookie write without the CSRF token, or with another session’s', async () => {
    const payload = { title: 'CSRF', priceFen: 100, stock: 1 }
    const none = await server.request({ method: 'POST', url: '/api/goods', headers: staffRead(admin), payload })
    expect({ status: none.statusCode, body: none.json() }).toMatchObject({ status: 403, body: { error: 'csrf_invalid', field: 'x-csrf-token' } })
    const other = await server.request({ method: 'POST', url: '/api/goods', headers: { cookie: admin.cookie, 'x-csrf-token': operator.csrfToken }, payload })
    expect(other.statusCode).toBe(403)
    const ok = await server.request({ method: 'POST', url: '/api/goods', headers: staffWrite(admin), payload })
    expect(ok.statusCode).toBe(201)
  })

  it('lets operators run goods and rooms but keeps users to admins; bearer admins keep working', async () => {
    const created = await server.request({ method: 'POST', url: '/api/goods', headers: staffWrite(operator), payload: { title: 'By operator', priceFen: 100, stock: 1 } })
    expect(created.statusCode).toBe(201)
    const goods = created.json<{ goods: Goods }>().goods
    // A draft is visible to the console, not to shoppers.
    expect((await server.request({ url: `/api/goods/${goods.id}`, headers: staffRead(operator) })).statusCode).toBe(200)
    expect((await server.request({ url: `/api/goods/${goods.id}` })).statusCode).toBe(404)

    expect((await server.request({ url: '/api/admin/users', headers: staffRead(operator) })).statusCode).toBe(403)
    const found = await server.request({ url: '/api/admin/users?openid=console-shop', headers: staffRead(admin) })
    expect(found.json()).toMatchObject({ total: 1, users: [{ openid: 'console-shopper', role: 'shopper' }] })
    const made = await server.request({ method: 'PATCH', url: `/api/admin/users/${shopper.user.id}`, headers: staffWrite(admin), payload: { role: 'anchor' } })
    expect(made.json()).toMatchObject({ user: { role: 'anchor' } })
    expect((await server.request({ method: 'PATCH', url: `/api/admin/users/${shopper.user.id}`, headers: staffWrite(operator), payload: { role: 'admin' } })).statusCode).toBe(403)
    await server.handles.users.setRole('console-shopper', 'shopper')

    const bearerAdmin = await server.signIn('console-bearer-admin', 'admin')
    expect((await server.request({ url: '/api/admin/users', headers: bearer(bearerAdmin) })).statusCode).toBe(200)
  })

  // Routes of the orders module are checked once they are registered (after the orders merge).
  const consoleRoutes: TestRequest[] = [
    { url: '/api/admin/staff/me' },
    { method: 'POST', url: '/api/admin/staff/sign-out' },
    { url: '/api/admin/users' },
    { method: 'PATCH', url: '/api/admin/users/u_1', payload: { role: 'admin' } },
    { method: 'POST', url: '/api/admin/uploads' },
    { url: '/api/admin/rooms/room_x/events' },
    { method: 'DELETE', url: '/api/admin/rooms/room_x/comments/c1' },
    { method: 'PUT', url: '/api/admin/rooms/room_x/mutes/u_1', payload: { minutes: 5 } },
    { method: 'POST', url: '/api/goods', payload: { title: 'x', priceFen: 1, stock: 1 } },
    { method: 'PATCH', url: '/api/goods/g_1', payload: { title: 'x' } },
    { method: 'DELETE', url: '/api/goods/g_1' },
    { method: 'PUT', url: '/api/goods/g_1/skus', payload: { specs: [], skus: [{ specValues: [], priceFen: 1, stock: 1 }] } },
    { method: 'POST', url: '/api/rooms', payload: { title: 'x', anchorUserId: 'u_1', scheduledStart: 1 } },
    { method: 'PATCH', url: '/api/rooms/room_x', payload: { title: 'x' } },
    { url: '/api/admin/orders' },
    { method: 'POST', url: '/api/orders/o_1/ship', payload: { expressCompany: 'SF', trackingNo: '1' } },
    { method: 'POST', url: '/api/refunds/r_1/approve', payload: {} },
    { method: 'POST', url: '/api/refunds/r_1/reject', payload: { reason: 'x' } },
    { url: '/api/admin/sales?by=room' },
  ]

  it('answers 401 or 403 on every console route to a shopper, no cookie and a forged cookie', async () => {
    const forged = 'sf_staff=' + 'A'.repeat(43)
    const seen: string[] = []
    const skipped: string[] = []
    for (const route of consoleRoutes) {
      const method = route.method ?? 'GET'
      if (!server.app.hasRoute({ method, url: route.url.split('?')[0]?.replace(/\/(u_1|g_1|o_1|r_1|room_x|c1)(?=\/|$)/g, (_m, id: string) => `/:${id.startsWith('c') ? 'commentId' : id === 'u_1' && route.url.includes('mutes') ? 'userId' : 'id'}`) ?? '' })) {
        skipped.push(`${method} ${route.url}`)
        continue
      }
      for (const [who, headers] of [['shopper', bearer(shopper)], ['nobody', {}], ['forged', { cookie: forged, 'x-csrf-token': 'x' }]] as const) {
        const res = await server.request({ ...route, headers })
        seen.push(`${who} ${method} ${route.url} → ${res.statusCode}`)
      }
    }
    expect(seen.filter((line) => !/→ 40[13]$/.test(line))).toEqual([])
    // Until the orders module is merged its routes are not registered; say so rather than pass silently.
    expect(skipped.every((r) => /orders|refunds|sales|skus/.test(r))).toBe(true)
    if (skipped.length > 0) console.info(`console route checks waiting for the orders module: ${skipped.join(', ')}`)
  })

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const login = await staffSignIn(server, 'clerk')
    const out = await server.request({ method: 'POST', url: '/api/admin/staff/sign-out', headers: staffWrite(login) })
    expect(out.statusCode).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/^sf_staff=;/)
    expect((await server.request({ url: '/api/admin/staff/me', headers: staffRead(login) })).statusCode).toBe(401)
  })
})

describe('console sign-in rate limit', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer({ env: { RATE_LIMIT_STAFF_SIGNIN_PER_MINUTE: '3' } })
  })
  afterAll(() => server.close())

  it('refuses a client after the limit, whichever account it tries', async () => {
    const statuses: number[] = []
    for (const name of ['one', 'two', 'three', 'four']) {
      statuses.push((await server.request({ method: 'POST', url: '/api/admin/staff/sign-in', payload: { name, password: 'guess-guess' } })).statusCode)
    }
    expect(statuses).toEqual([401, 401, 401, 429])
  })
})
