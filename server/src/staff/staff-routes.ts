/**
 * Console sign-in on the web: POST /api/admin/staff/sign-in {name, password} sets the session
 * cookie and answers the CSRF token; GET …/me answers the same for a page that reloads; POST
 * …/sign-out ends the session. Sign-in is limited per client (rate limit) and per account
 * (STAFF_MAX_FAILURES failures lock it for STAFF_LOCK_MINUTES).
 */
import type { FastifyPluginAsync } from 'fastify'
import { ApiError } from '../errors'
import { ErrorResponses, NoContentSchema } from '../../../miniprogram/contract/common-schemas'
import { StaffSessionResponseSchema, StaffSignInSchema, type StaffSessionResponse, type StaffSignIn } from '../../../miniprogram/contract/console-schemas'
import { dummyPasswordHash, verifyPassword } from './password'
import type { StaffRepo, StaffSession } from './staff-repo'
import { STAFF_COOKIE, STAFF_SESSION_TTL_SECONDS, clearStaffCookie, currentStaff, setStaffCookie } from './staff-session'

export const STAFF_MAX_FAILURES = 5
export const STAFF_LOCK_MINUTES = 15

export type { StaffSessionResponse }

const toResponse = (s: StaffSession): StaffSessionResponse => ({ staff: s.staff, csrfToken: s.csrfToken, expiresAt: s.expiresAt })
const refused = (): ApiError => new ApiError(401, 'invalid_credentials', '账号或密码错误 (wrong name or password)', 'password')

export interface StaffPluginOptions {
  staff: Pick<StaffRepo, 'credentials' | 'recordFailure' | 'recordSuccess' | 'createSession' | 'deleteSession'>
  /** Sign-in attempts per client per minute. */
  signInPerMinute: number
  nowSeconds: () => number
}

export const staffPlugin: FastifyPluginAsync<StaffPluginOptions> = async (app, { staff, signInPerMinute, nowSeconds }) => {
  app.post<{ Body: StaffSignIn }>(
    '/api/admin/staff/sign-in',
    {
      config: { rateLimit: { max: signInPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['console'],
        summary: 'Console sign-in: sets the httpOnly session cookie and answers the CSRF token every write must send as X-CSRF-Token',
        body: StaffSignInSchema,
        response: { 200: StaffSessionResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply): Promise<StaffSessionResponse> => {
      const now = nowSeconds()
      const { name, password } = request.body
      const account = await staff.credentials(name)
      if (account === undefined) {
        // As slow as a real check, so timing does not tell which names exist.
        await verifyPassword(password, await dummyPasswordHash())
        throw refused()
      }
      if (account.lockedUntil !== null && account.lockedUntil > now) {
        reply.header('retry-after', String(account.lockedUntil - now))
        throw new ApiError(429, 'account_locked', `too many failed sign-ins: this account is locked for ${Math.ceil((account.lockedUntil - now) / 60)} more minute(s)`, 'name')
      }
      if (!(await verifyPassword(password, account.passwordHash))) {
        const { locked } = await staff.recordFailure(account.id, now, STAFF_MAX_FAILURES, STAFF_LOCK_MINUTES * 60)
        request.log.warn({ staffId: account.id, locked }, 'console sign-in refused')
        if (locked) throw new ApiError(429, 'account_locked', `too many failed sign-ins: this account is locked for ${STAFF_LOCK_MINUTES} minutes`, 'name')
        throw refused()
      }
      await staff.recordSuccess(account.id)
      const { sessionId, session } = await staff.createSession({ id: account.id, name: account.name, role: account.role }, now, STAFF_SESSION_TTL_SECONDS)
      setStaffCookie(request, reply, sessionId)
      request.log.info({ staffId: account.id }, 'console sign-in')
      return toResponse(session)
    },
  )

  app.get('/api/admin/staff/me', { schema: { tags: ['console'], summary: 'The signed-in console account and its CSRF token', response: { 200: StaffSessionResponseSchema, ...ErrorResponses } } }, async (request) =>
    toResponse(currentStaff(request)),
  )

  app.post('/api/admin/staff/sign-out', { schema: { tags: ['console'], summary: 'End the console session (needs X-CSRF-Token)', response: { 204: NoContentSchema, ...ErrorResponses } } }, async (request, reply) => {
    currentStaff(request)
    const id = request.cookies[STAFF_COOKIE]
    if (id !== undefined) await staff.deleteSession(id)
    clearStaffCookie(request, reply)
    return reply.status(204).send()
  })
}
