/** The signed-in console account, shared by every page. */
import { reactive } from 'vue'
import type { StaffSessionResponse } from '@contract/console-schemas'
import { api, setCsrfToken } from './client'

export const session = reactive<{ staff: StaffSessionResponse['staff'] | null; checked: boolean }>({ staff: null, checked: false })

function adopt(answer: StaffSessionResponse): void {
  setCsrfToken(answer.csrfToken)
  session.staff = answer.staff
}

/** Asks the server whether the cookie still signs someone in (after a reload). */
export async function restoreSession(): Promise<boolean> {
  try {
    adopt(await api.get<StaffSessionResponse>('/api/admin/staff/me'))
  } catch {
    session.staff = null
  }
  session.checked = true
  return session.staff !== null
}

export async function signIn(name: string, password: string): Promise<void> {
  adopt(await api.post<StaffSessionResponse>('/api/admin/staff/sign-in', { name, password }))
  session.checked = true
}

export async function signOut(): Promise<void> {
  try {
    await api.post('/api/admin/staff/sign-out')
  } finally {
    session.staff = null
    setCsrfToken('')
  }
}

export const isAdmin = (): boolean => session.staff?.role === 'admin'
