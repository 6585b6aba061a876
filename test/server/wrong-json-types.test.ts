/**
 * JSON bodies are never coerced: for every body field of every operation the served OpenAPI
 * document lists, a value of each JSON type the field does not accept (a string for an integer, a
 * boolean for a string, null for a number, an array for a scalar…) answers 400 naming that field.
 * The document is read at run time, as a client would, so routes added later are covered too.
 */
import type { LoginResponse } from '../../miniprogram/contract/user-schemas'
import { bearer, createTestServer, type TestServer } from './support/test-server'
import { operationsOf, wrongTypeCases, type OpenApiDocument } from './support/malformed-cases'

jest.setTimeout(120_000)

let server: TestServer
let admin: LoginResponse

beforeAll(async () => {
  server = await createTestServer({
    env: {
      ZEGO_CALLBACK_SECRET: 'zego-callback-secret-0123456789',
      RATE_LIMIT_LOGIN_PER_MINUTE: '10000000',
      RATE_LIMIT_ZEGO_TOKEN_PER_MINUTE: '10000000',
      RATE_LIMIT_COMMENTS_PER_MINUTE: '10000000',
      RATE_LIMIT_LIKES_PER_MINUTE: '10000000',
      RATE_LIMIT_STAFF_SIGNIN_PER_MINUTE: '10000000',
    },
  })
  admin = await server.signIn('types-admin', 'admin')
})

afterAll(async () => {
  await server?.close()
})

it('answers a value of the wrong JSON type in any body field with 400 naming the field', async () => {
  const doc = (await server.request({ url: '/docs/json' })).json<OpenApiDocument>()
  const operations = operationsOf(doc)
  const failures: string[] = []
  const covered = new Set<string>()
  let sent = 0
  for (const operation of operations) {
    for (const c of wrongTypeCases(operation, (name) => (name === 'roomId' ? '1' : 'x1'))) {
      sent += 1
      covered.add(`${operation.method} ${operation.path} ${c.path}`)
      const res = await server.request({ method: c.method, url: c.url, rawBody: c.body, headers: bearer(admin) })
      let answer: { error?: unknown; field?: unknown } = {}
      try {
        answer = JSON.parse(res.body) as typeof answer
      } catch {
        // Reported below with the body as it came.
      }
      if (res.statusCode !== 400 || answer.field !== c.field || typeof answer.error !== 'string' || answer.error.startsWith('FST_')) {
        failures.push(`${c.method} ${c.url} ${c.label}: ${res.statusCode} ${res.body.slice(0, 200)}`)
      }
    }
  }
  expect(failures).toEqual([])
  // The document is the real one, with nested and numeric fields among those walked.
  expect([...covered]).toEqual(
    expect.arrayContaining(['POST /api/goods priceFen', 'POST /api/goods title', 'PUT /api/goods/{id}/skus skus', 'POST /api/rooms/{id}/likes count', 'POST /api/rooms scheduledEnd']),
  )
  expect(sent).toBeGreaterThan(covered.size * 3)
})
