/**
 * The console's one way to the server: same-origin fetch with the session cookie, the CSRF token
 * on every write, and every error answer turned into an ApiError that names its field.
 */
import type { ErrorBody } from '@contract/common-schemas'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

let csrfToken = ''
let onUnauthorized: () => void = () => undefined

export function setCsrfToken(token: string): void {
  csrfToken = token
}

/** Called when the server says the session is gone (401), so the app can show the sign-in page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

async function toError(res: Response): Promise<ApiError> {
  const text = await res.text()
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>
    return new ApiError(res.status, body.error ?? 'http_error', body.message ?? `HTTP ${res.status}`, body.field)
  } catch {
    return new ApiError(res.status, 'http_error', `HTTP ${res.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`)
  }
}

export async function request<T>(method: Method, url: string, body?: unknown | FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken
  let payload: BodyInit | undefined
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  let res: Response
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器 (the server could not be reached)')
  }
  if (!res.ok) {
    const err = await toError(res)
    if (res.status === 401 && !url.endsWith('/sign-in')) onUnauthorized()
    throw err
  }
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, body ?? {}),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  delete: <T = void>(url: string) => request<T>('DELETE', url),
}

/** Uploads an image; answers its URL on this server. */
export async function uploadImage(file: File): Promise<string> {
  const form = new FormData()
  form.append('file', file)
  return (await request<{ url: string }>('POST', '/api/admin/uploads', form)).url
}

/** A query string of the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s === '' ? '' : `?${s}`
}
