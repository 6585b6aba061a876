/**
 * The console's web session: an opaque random ID in an httpOnly, SameSite=Strict cookie (Secure
 * over https and in production), looked up server-side on every request. Every write made with
 * the cookie must also carry the session's CSRF token in `X-CSRF-Token`, or it is refused 403.
 * A request with `Authorization: Bearer` is judged by the bearer token alone.
 */
import { timingSafeEqual } from 'node:crypto'
import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from '../errors'
import type { StaffRepo, StaffSession } from './staff-repo'

declare module 'fastify' {
  interface FastifyRequest {
    staffSession: StaffSession | null
  }
}

export const STAFF_COOKIE = 'sf_staff'
export const CSRF_HEADER = 'x-csrf-token'
export const STAFF_SESSION_TTL_SECONDS = 12 * 3600
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function csrfMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface StaffSessions {
  staff: Pick<StaffRepo, 'findSession'>
  nowSeconds: () => number
}

/** On the root instance, so every route (each domain's plugin included) sees `request.staffSession`. */
export async function installStaffSessions(app: FastifyInstance, sessions: StaffSessions): Promise<void> {
  await app.register(cookie)
  app.decorateRequest('staffSession', null)
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.sameForEveryone === true) return
    await resolveStaffSession(sessions, request)
  })
}

/** The console session on `request.staffSession`; the hook runs it, and routes it skips may run it when they need to know. */
export async function resolveStaffSession({ staff, nowSeconds }: StaffSessions, request: FastifyRequest): Promise<void> {
  if (request.headers.authorization !== undefined) return
  const id = request.cookies[STAFF_COOKIE]
  if (id === undefined || !SESSION_ID.test(id)) return
  const session = await staff.findSession(id, nowSeconds())
  if (session === undefined) return
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)) {
    throw new ApiError(403, 'csrf_invalid', 'this write needs the X-CSRF-Token header of the console session', CSRF_HEADER)
  }
  request.staffSession = session
}

/** Over https (directly or behind a proxy that says so) or in production, the cookie is Secure. */
export function cookieIsSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https' || process.env.NODE_ENV === 'production'
}

export function setStaffCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  reply.setCookie(STAFF_COOKIE, sessionId, { httpOnly: true, sameSite: 'strict', secure: cookieIsSecure(request), path: '/', maxAge: STAFF_SESSION_TTL_SECONDS })
}

export function clearStaffCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(STAFF_COOKIE, { httpOnly: true, sameSite: 'strict', secure: cookieIsSecure(request), path: '/' })
}

export function currentStaff(request: FastifyRequest): StaffSession {
  if (request.staffSession === null) throw new ApiError(401, 'unauthorized', 'sign in to the console first', 'cookie')
  return request.staffSession
}
