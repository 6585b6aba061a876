import { sql, type Kysely } from 'kysely'
import { USER_ROLES, type UserRole } from '../../../miniprogram/contract/user-rules'
import { newId, nowSeconds } from '../db/ids'
import type { Database, UsersTable } from '../db/schema'

export type User = Pick<UsersTable, 'id' | 'openid' | 'role'>

export { USER_ROLES }

export class UsersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<User | undefined> {
    return this.db.selectFrom('users').select(['id', 'openid', 'role']).where('id', '=', id).executeTakeFirst()
  }

  findByOpenid(openid: string): Promise<User | undefined> {
    return this.db.selectFrom('users').select(['id', 'openid', 'role']).where('openid', '=', openid).executeTakeFirst()
  }

  /** Signs a user up on first sign-in; concurrent first sign-ins of one openid end with one row. */
  async findOrCreate(openid: string): Promise<User> {
    const existing = await this.findByOpenid(openid)
    if (existing !== undefined) return existing
    await this.db
      .insertInto('users')
      .values({ id: newId('u'), openid, role: 'shopper', created_at: nowSeconds() })
      .onConflict((oc) => oc.column('openid').doNothing())
      .execute()
    const created = await this.findByOpenid(openid)
    if (created === undefined) throw new Error('user vanished after insert')
    return created
  }

  /** The console's user search: openid contains `openid` (case-sensitive), optionally one role; newest first. */
  async search(filter: { openid?: string; role?: UserRole; offset: number; limit: number }): Promise<{ users: (User & { createdAt: number })[]; total: number }> {
    let base = this.db.selectFrom('users')
    // ESCAPE spelled out: SQLite has no default LIKE escape character, PostgreSQL's is the backslash.
    if (filter.openid !== undefined) base = base.where(sql<boolean>`openid like ${`%${filter.openid.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`)
    if (filter.role !== undefined) base = base.where('role', '=', filter.role)
    const rows = await base.select(['id', 'openid', 'role', 'created_at']).orderBy('created_at', 'desc').orderBy('id').offset(filter.offset).limit(filter.limit).execute()
    const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
    return { users: rows.map((r) => ({ id: r.id, openid: r.openid, role: r.role, createdAt: Number(r.created_at) })), total: Number(count.n) }
  }

  async setRoleById(id: string, role: UserRole): Promise<User | undefined> {
    const result = await this.db.updateTable('users').set({ role }).where('id', '=', id).executeTakeFirst()
    return Number(result.numUpdatedRows) === 0 ? undefined : this.findById(id)
  }

  async setRole(openid: string, role: UserRole): Promise<User> {
    const user = await this.findOrCreate(openid)
    await this.db.updateTable('users').set({ role }).where('id', '=', user.id).execute()
    return { ...user, role }
  }
}
