/**
 * The contract is the server's only way into the mini-program, and every route answers with a
 * schema from it: the import rule is checked on source text (as the package boundary tests do),
 * the response rule on the routes as the real app registers them.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { RouteOptions } from 'fastify'
import { CONTRACT_DIR, contractBoundaryProblems } from '../../scripts/lib/contract-boundary'
import { readTypeScriptSources } from '../../scripts/lib/package-imports'
import { ErrorBodySchema } from '../../miniprogram/contract/common-schemas'
import { createTestServer } from './support/test-server'

const repoRoot = path.resolve(__dirname, '../..')
const tree = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries))

describe('the contract boundary (rules)', () => {
  it('refuses a server import of the mini-program outside contract/, whatever the import form', () => {
    const problems = contractBoundaryProblems(
      tree({
        'server/src/rooms/a.ts': "import type { Room } from '../../../miniprogram/core/api-types'",
        'server/src/rooms/b.ts': "export { x } from '../../../miniprogram/live/core/x'\nconst y = require('../../../miniprogram/core/y')",
        'server/src/rooms/c.ts': "const z = import('../../../miniprogram/contract/../core/z')",
        'server/src/rooms/ok.ts': "import { RoomSchema } from '../../../miniprogram/contract/room-schemas'\nimport Fastify from 'fastify'\nimport { a } from './a'",
      }),
    )
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      "server/src/rooms/a.ts imports '../../../miniprogram/core/api-types' (miniprogram/core/api-types)",
      "server/src/rooms/b.ts imports '../../../miniprogram/live/core/x' (miniprogram/live/core/x)",
      "server/src/rooms/b.ts imports '../../../miniprogram/core/y' (miniprogram/core/y)",
      "server/src/rooms/c.ts imports '../../../miniprogram/contract/../core/z' (miniprogram/core/z)",
    ])
    expect(problems[0]).toContain(`only through ${CONTRACT_DIR}`)
  })

  it('refuses a contract file that imports anything but its siblings and TypeBox', () => {
    const problems = contractBoundaryProblems(
      tree({
        'miniprogram/contract/a-schemas.ts': "import { Type } from '@sinclair/typebox'\nimport { B } from './b-rules'",
        'miniprogram/contract/b-rules.ts': "import { money } from '../core/money'\nimport dayjs from 'dayjs'",
      }),
    )
    expect(problems).toHaveLength(2)
    expect(problems[0]).toContain("miniprogram/contract/b-rules.ts imports '../core/money'")
    expect(problems[1]).toContain("miniprogram/contract/b-rules.ts imports 'dayjs'")
  })
})

describe('the contract boundary (this project)', () => {
  const sources = readTypeScriptSources(repoRoot, ['server/src', CONTRACT_DIR])

  it('reads the real server and contract sources', () => {
    // Without this, an empty tree would pass the check below.
    expect([...sources.keys()]).toEqual(expect.arrayContaining(['server/src/app.ts', 'server/src/rooms/rooms-routes.ts', 'miniprogram/contract/room-schemas.ts']))
  })

  it('has the server import the mini-program only through miniprogram/contract/, and the contract stand alone', () => {
    expect(contractBoundaryProblems(sources)).toEqual([])
  })
})

/** Every schema the contract's *-schemas.ts files export, and the schemas inside exported maps (ErrorResponses). */
function contractSchemas(): Set<unknown> {
  const schemas = new Set<unknown>()
  const dir = path.join(repoRoot, CONTRACT_DIR)
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('-schemas.ts'))) {
    // Loaded by name, so a schema file added later is covered without editing this test.
    const exports = require(path.join(dir, name)) as Record<string, unknown>
    for (const value of Object.values(exports)) {
      if (value === null || typeof value !== 'object') continue
      schemas.add(value)
      for (const inner of Object.values(value)) if (inner !== null && typeof inner === 'object') schemas.add(inner)
    }
  }
  return schemas
}

/** Routes whose answer is not a JSON body a schema could describe. */
const NOT_JSON: Record<string, string> = {
  'GET /api/admin/rooms/:id/events': 'a text/event-stream the route writes itself',
}

it('answers every route with response schemas taken from the contract, errors included', async () => {
  const routes: RouteOptions[] = []
  const server = await createTestServer({ onRoute: (route) => void routes.push(route) })
  try {
    const schemas = contractSchemas()
    const problems: string[] = []
    let checked = 0
    for (const route of routes) {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) continue
      const id = `${methods.join(',')} ${route.url}`
      const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined
      if (schema?.hide === true || id in NOT_JSON) continue
      checked += 1
      const response = schema?.response
      if (response === undefined) {
        problems.push(`${id}: no response schema`)
        continue
      }
      const codes = Object.keys(response)
      if (!codes.some((code) => /^[23]/.test(code))) problems.push(`${id}: no success response schema (has ${codes.join(', ')})`)
      for (const code of codes) {
        if (!schemas.has(response[code])) problems.push(`${id}: the ${code} response schema is not one the contract exports`)
        else if (/^[45]/.test(code) && response[code] !== ErrorBodySchema) problems.push(`${id}: the ${code} response is not the contract's ErrorBodySchema`)
      }
      if (!codes.includes('4xx') && !codes.some((c) => c.startsWith('4'))) problems.push(`${id}: no 4xx response schema`)
    }
    expect(problems).toEqual([])
    // The hook saw the real app: its known routes are among those checked.
    expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/rooms', '/api/auth/login', '/api/orders']))
    expect(checked).toBeGreaterThan(40)
  } finally {
    await server.close()
  }
})
