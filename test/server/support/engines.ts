/**
 * Runs a suite on SQLite (a tmp file per test server) and, when TEST_DATABASE_URL is set, again on
 * that PostgreSQL database (scripts/postgres-test.sh sets it up), as storage.test.ts does.
 */
import type { Env } from '../../../server/src/config'

/** Buying suites sign many shoppers in; the sign-in limit is not what they test. */
const BUYING_ENV: Env = { RATE_LIMIT_LOGIN_PER_MINUTE: '100000' }

export function onEachEngine(name: string, suite: (env: Env) => void): void {
  describe(`${name} (SQLite)`, () => suite(BUYING_ENV))
  const pgUrl = process.env.TEST_DATABASE_URL
  if (pgUrl !== undefined && pgUrl !== '') {
    describe(`${name} (PostgreSQL)`, () => suite({ ...BUYING_ENV, DATABASE_URL: pgUrl }))
  } else {
    describe.skip(`${name} on PostgreSQL — skipped: TEST_DATABASE_URL is not set`, () => {
      it('runs with TEST_DATABASE_URL', () => undefined)
    })
  }
}
