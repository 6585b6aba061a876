import type { Kysely } from 'kysely'
import type { UserRole } from '../../../miniprogram/core/api-types'
import { newId, nowSeconds } from '../db/ids'
import type { Database, UsersTable } from '../db/schema'

export type User = Pick<UsersTable, 'id' | 'openid' | 'role'>

export const USER_ROLES: readonly UserRole[] = ['shopper', 'anchor', 'admin']

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

  async setRole(openid: string, role: UserRole): Promise<User> {
    const user = await this.findOrCreate(openid)
    await this.db.updateTable('users').set({ role }).where('id', '=', user.id).execute()
    return { ...user, role }
  }
}
