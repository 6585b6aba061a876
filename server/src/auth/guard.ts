/**
 * Resolves `Authorization: Bearer <token>` to a user on every request (routes decide whether one
 * is needed). A present but invalid token is always 401, so a client never silently acts anonymous.
 * Console staff sign in with a cookie instead (staff/staff-session.ts); `requireRole('admin')`
 * accepts their session within what their console role allows (staff/staff-permissions.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { UserRole } from '../../../miniprogram/contract/user-rules'
import { ApiError } from '../errors'
import type { LookupMemo } from '../http/lookup-memo'
import { malformedAuthorization, sessionRejected, signInFirst } from './auth-errors'
import { verifySessionToken } from './session-token'
import { staffMayCall } from '../staff/staff-permissions'
import type { User, UsersRepo } from './users-repo'

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null
  }
}

export interface BearerSessions {
  sessionSecret: string
  users: Pick<UsersRepo, 'findById'>
  /** Users by ID, memoised until the users table is written (http/cached-answers.ts). */
  userMemo: LookupMemo<User | undefined>
  nowSeconds: () => number
}

/** Who asks, on a route the session hooks skip (`sameForEveryone`) that needs to know after all. */
export type IdentifyRequest = (request: FastifyRequest) => Promise<void>

/** On the root instance, so every route (each domain's plugin included) sees `request.user`. */
export function installAuth(app: FastifyInstance, sessions: BearerSessions): void {
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.sameForEveryone === true) return
    await authenticate(sessions, request)
  })
}

/** The bearer session's user on `request.user`; the hook runs it, and routes it skips may run it when they need to know. */
export async function authenticate({ sessionSecret, users, userMemo, nowSeconds }: BearerSessions, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization
  if (header === undefined) return
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (match === null) throw malformedAuthorization()
  const userId = verifySessionToken(sessionSecret, match[1] ?? '', nowSeconds())
  // Memoised until the users table is written (http/cached-answers.ts), so a role change still applies at once.
  const user = userId === null ? undefined : await userMemo.get(userId, () => users.findById(userId))
  if (user === undefined) throw sessionRejected()
  request.user = user
}

export function currentUser(request: FastifyRequest): User {
  if (request.user === null) throw signInFirst()
  return request.user
}

export const requireUser = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
  currentUser(request)
}

export function requireRole(role: UserRole): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request) => {
    const staff = request.user === null ? request.staffSession : null
    if (staff !== null) {
      if (role !== 'admin') throw new ApiError(403, 'forbidden', `this needs the ${role} role`)
      if (!staffMayCall(staff.staff.role, request.routeOptions.url)) throw new ApiError(403, 'forbidden', 'this needs the admin console role')
      return
    }
    const user = currentUser(request)
    if (user.role !== role) throw new ApiError(403, 'forbidden', `this needs the ${role} role`)
  }
}

/** An admin's bearer session or any console staff session: who may see drafts and other back-office data. */
export function isBackOffice(request: FastifyRequest): boolean {
  return request.user?.role === 'admin' || (request.user === null && request.staffSession !== null)
}

export const bearerSecurity = [{ bearerAuth: [] }]
