/**
 * npm run server:role -- <openid> <shopper|anchor|admin>
 * Gives a user a role in the database named by DATABASE_URL (created if they never signed in).
 * Roles take effect at the user's next request; no new sign-in is needed.
 */
import { USER_ROLES, UsersRepo } from '../server/src/auth/users-repo'
import { DEFAULT_DATABASE_URL } from '../server/src/config'
import { openDatabase } from '../server/src/db/database'
import { migrateToLatest } from '../server/src/db/migrations'
import type { UserRole } from '../miniprogram/core/api-types'

async function main(): Promise<void> {
  const [openid, role] = process.argv.slice(2)
  if (openid === undefined || role === undefined || !(USER_ROLES as readonly string[]).includes(role)) {
    console.error(`usage: npm run server:role -- <openid> <${USER_ROLES.join('|')}>`)
    process.exit(2)
  }
  const database = openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL)
  try {
    await migrateToLatest(database.db)
    const user = await new UsersRepo(database.db).setRole(openid, role as UserRole)
    console.log(`user ${user.id} (openid ${user.openid}) is now ${user.role}`)
  } finally {
    await database.close()
  }
}

main().catch((err: unknown) => {
  console.error('server:role failed:', err instanceof Error ? err.message : err)
  process.exit(1)
})
