/**
 * Runs a suite on SQLite (a tmp file per test server) and, when TEST_DATABASE_URL is set, again on
 * that PostgreSQL database (scripts/postgres-test.sh sets it up), as storage.test.ts does.
 */
import type { Env } from '../../../server/src/config'

export function onEachEngine(name: string, suite: (env: Env) => void): void {
  describe(`${name} (SQLite)`, () => suite({}))
  const pgUrl = process.env.TEST_DATABASE_URL
  if (pgUrl !== undefined && pgUrl !== '') {
    describe(`${name} (PostgreSQL)`, () => suite({ DATABASE_URL: pgUrl }))
  } else {
    describe.skip(`${name} on PostgreSQL — skipped: TEST_DATABASE_URL is not set`, () => {
      it('runs with TEST_DATABASE_URL', () => undefined)
    })
  }
}
