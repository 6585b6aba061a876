/**
 * One error shape for every failed request: `{error, message, field?}`. Validation errors from
 * Fastify's JSON-schema checks become 400 naming the field; anything unexpected is logged and
 * answered 500 without internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import type { ApiErrorBody } from '../../miniprogram/core/api-types'

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

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    if (err instanceof ApiError) {
      const body: ApiErrorBody = { error: err.code, message: err.message }
      if (err.field !== undefined) body.field = err.field
      return reply.status(err.statusCode).send(body)
    }
    if (err.validation) {
      const item = err.validation[0] as ValidationItem | undefined
      const field = fieldOf(item, err.validationContext)
      const body: ApiErrorBody = { error: 'bad_request', message: `${field}: ${item?.message ?? 'invalid'}`, field }
      return reply.status(400).send(body)
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large, rate limit.
      // The rate-limit plugin's errors carry no code; name them so clients can wait instead of fixing input.
      const error = err.code ?? (status === 429 ? 'rate_limited' : 'bad_request')
      const body: ApiErrorBody = { error, message: err.message }
      if (status === 415 || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') body.field = 'body'
      return reply.status(status).send(body)
    }
    request.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ error: 'internal', message: 'internal server error' } satisfies ApiErrorBody)
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } satisfies ApiErrorBody)
  })
}
