/** Console staff accounts, their sign-in lockout and their sessions. */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { newId } from '../db/ids'
import type { Database, StaffRole } from '../db/schema'
import { hashPassword } from './password'

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'operator']

export interface Staff {
  id: string
  name: string
  role: StaffRole
}

export interface StaffSession {
  staff: Staff
  csrfToken: string
  expiresAt: number
}

export interface StaffCredentials extends Staff {
  passwordHash: string
  failedAttempts: number
  lockedUntil: number | null
}

export const STAFF_NAME_PATTERN = '^[A-Za-z0-9_.-]{3,32}$'

const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex')

export class StaffRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the account, or sets a new password and role when the name exists. */
  async upsert(name: string, role: StaffRole, password: string, now: number): Promise<{ staff: Staff; created: boolean }> {
    const passwordHash = await hashPassword(password)
    const existing = await this.db.selectFrom('staff').select(['id']).where('name', '=', name).executeTakeFirst()
    if (existing !== undefined) {
      await this.db.updateTable('staff').set({ role, password_hash: passwordHash, failed_attempts: 0, locked_until: null }).where('id', '=', existing.id).execute()
      // A new password signs every old session out.
      await this.db.deleteFrom('staff_sessions').where('staff_id', '=', existing.id).execute()
      return { staff: { id: existing.id, name, role }, created: false }
    }
    const id = newId('staff')
    await this.db.insertInto('staff').values({ id, name, role, password_hash: passwordHash, failed_attempts: 0, locked_until: null, created_at: now }).execute()
    return { staff: { id, name, role }, created: true }
  }

  async credentials(name: string): Promise<StaffCredentials | undefined> {
    const row = await this.db.selectFrom('staff').selectAll().where('name', '=', name).executeTakeFirst()
    if (row === undefined) return undefined
    return { id: row.id, name: row.name, role: row.role, passwordHash: row.password_hash, failedAttempts: Number(row.failed_attempts), lockedUntil: row.locked_until === null ? null : Number(row.locked_until) }
  }

  /**
   * Counts a failed sign-in; the `maxFailures`th locks the account until `now + lockSeconds` and
   * starts the count again. One UPDATE, so concurrent failures are all counted.
   */
  async recordFailure(id: string, now: number, maxFailures: number, lockSeconds: number): Promise<{ locked: boolean }> {
    await this.db.updateTable('staff').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id', '=', id).execute()
    const locked = await this.db
      .updateTable('staff')
      .set({ failed_attempts: 0, locked_until: now + lockSeconds })
      .where('id', '=', id)
      .where('failed_attempts', '>=', maxFailures)
      .executeTakeFirst()
    return { locked: Number(locked.numUpdatedRows) > 0 }
  }

  async recordSuccess(id: string): Promise<void> {
    await this.db.updateTable('staff').set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).execute()
  }

  /** A new session: the returned ID goes in the cookie and is never stored. */
  async createSession(staff: Staff, now: number, ttlSeconds: number): Promise<{ sessionId: string; session: StaffSession }> {
    const sessionId = randomBytes(32).toString('base64url')
    const csrfToken = randomBytes(32).toString('base64url')
    const expiresAt = now + ttlSeconds
    await this.db.insertInto('staff_sessions').values({ id_hash: hashSessionId(sessionId), staff_id: staff.id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute()
    return { sessionId, session: { staff, csrfToken, expiresAt } }
  }

  async findSession(sessionId: string, now: number): Promise<StaffSession | undefined> {
    const row = await this.db
      .selectFrom('staff_sessions')
      .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
      .select(['staff.id', 'staff.name', 'staff.role', 'staff_sessions.csrf_token', 'staff_sessions.expires_at'])
      .where('staff_sessions.id_hash', '=', hashSessionId(sessionId))
      .executeTakeFirst()
    if (row === undefined || Number(row.expires_at) <= now) return undefined
    return { staff: { id: row.id, name: row.name, role: row.role }, csrfToken: row.csrf_token, expiresAt: Number(row.expires_at) }
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('id_hash', '=', hashSessionId(sessionId)).execute()
  }
}
