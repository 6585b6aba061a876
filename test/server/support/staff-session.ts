/** Console (staff) sessions in server tests: sign in with name and password, then send the cookie and CSRF token. */
import type { StaffSessionResponse } from '../../../server/src/staff/staff-routes'
import type { TestServer } from './test-server'

export const STAFF_TEST_PASSWORD = 'correct horse battery'

export interface StaffLogin {
  cookie: string
  csrfToken: string
  body: StaffSessionResponse
  setCookie: string
}

export async function createStaff(server: TestServer, name: string, role: 'admin' | 'operator'): Promise<void> {
  await server.handles.staff.upsert(name, role, STAFF_TEST_PASSWORD, Math.floor(server.clock.nowMs() / 1000))
}

export async function staffSignIn(server: TestServer, name: string, password = STAFF_TEST_PASSWORD, headers: Record<string, string> = {}): Promise<StaffLogin> {
  const res = await server.request({ method: 'POST', url: '/api/admin/staff/sign-in', payload: { name, password }, headers })
  if (res.statusCode !== 200) throw new Error(`staff sign-in failed: ${res.statusCode} ${res.body}`)
  const setCookie = res.headers.get('set-cookie') ?? ''
  const cookie = setCookie.split(';')[0] ?? ''
  const body = res.json<StaffSessionResponse>()
  return { cookie, csrfToken: body.csrfToken, body, setCookie }
}

/** Headers of a console write: the cookie and the CSRF token. */
export const staffWrite = (login: StaffLogin): Record<string, string> => ({ cookie: login.cookie, 'x-csrf-token': login.csrfToken })
export const staffRead = (login: StaffLogin): Record<string, string> => ({ cookie: login.cookie })
