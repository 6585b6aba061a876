/**
 * One error shape for every failed request: `{error, message, field?}`. Validation errors from
 * Fastify's JSON-schema checks become 400 naming the field; anything unexpected is logged and
 * answered 500 without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorBody } from '../../miniprogram/contract/common-schemas'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const badRequest = (field: string, message: string): ApiError => new ApiError(400, 'bad_request', message, field)
export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`)

interface ValidationItem {
  instancePath?: string
  params?: Record<string, unknown>
  message?: string
}

/** Turns a validation error into the name of the input field, e.g. `/shelf/2` → `shelf`, a missing `code` → `code`. */
export function fieldOf(item: ValidationItem | undefined, context: string | undefined): string {
  if (item === undefined) return context ?? 'body'
  const missing = item.params?.missingProperty
  const extra = item.params?.additionalProperty
  const path = (item.instancePath ?? '').split('/').filter(Boolean)
  if (typeof missing === 'string') path.push(missing)
  else if (typeof extra === 'string') path.push(extra)
  // The innermost named segment: `/skus/0/priceFen` names priceFen, `/shelf/2` names shelf.
  const lastNamed = [...path].reverse().find((segment) => !/^\d+$/.test(segment))
  return lastNamed ?? context ?? 'body'
}

/** Our code for a client error Fastify or a plugin raised, and the input it concerns. */
const FRAMEWORK_ERRORS: Record<string, { error: string; field: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { error: 'bad_request', field: 'body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { error: 'bad_request', field: 'body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { error: 'bad_request', field: 'body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { error: 'body_too_large', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { error: 'unsupported_media_type', field: 'content-type' },
  FST_ERR_CTP_INVALID_TYPE: { error: 'unsupported_media_type', field: 'content-type' },
  FST_ERR_BAD_URL: { error: 'bad_request', field: 'url' },
  FST_ERR_ASYNC_CONSTRAINT: { error: 'bad_request', field: 'url' },
}

const BY_STATUS: Record<number, string> = { 404: 'not_found', 405: 'method_not_allowed', 413: 'body_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' }

export function clientErrorBody(status: number, code: string | undefined, message: string): ErrorBody {
  const known = code === undefined ? undefined : FRAMEWORK_ERRORS[code]
  const body: ErrorBody = { error: known?.error ?? BY_STATUS[status] ?? 'bad_request', message }
  const field = known?.field ?? (status === 400 ? 'request' : undefined)
  if (field !== undefined) body.field = field
  return body
}

/** Fastify's `frameworkErrors`: errors raised before routing (a URL that is not valid percent-encoding). */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400
  void reply.status(status).send(clientErrorBody(status, err.code, err.message))
}

/** The 404 of a method and path no route serves. */
export const noRouteBody = (method: string, path: string): ErrorBody => ({ error: 'not_found', message: `no route ${method} ${path}` })

/** The body an ApiError is answered with. */
export function apiErrorBody(err: ApiError): ErrorBody {
  const body: ErrorBody = { error: err.code, message: err.message }
  if (err.field !== undefined) body.field = err.field
  return body
}

/** The 400 body of a request that failed its schema: the first problem, naming its field. */
export function validationErrorBody(items: readonly ValidationItem[], context: string | undefined): ErrorBody {
  const item = items[0]
  const field = fieldOf(item, context)
  return { error: 'bad_request', message: `${field}: ${item?.message ?? 'invalid'}`, field }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    if (err instanceof ApiError) return reply.status(err.statusCode).send(apiErrorBody(err))
    if (err.validation) return reply.status(400).send(validationErrorBody(err.validation, err.validationContext))
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, body too large, a bad URL)
      // and the rate limit's: answered with our codes, never Fastify's internal FST_ERR_* names.
      return reply.status(status).send(clientErrorBody(status, err.code, err.message))
    }
    request.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ error: 'internal', message: 'internal server error' } satisfies ErrorBody)
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(noRouteBody(request.method, request.url.split('?')[0] ?? ''))
  })
}
