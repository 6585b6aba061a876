/**
 * The real server's own checks, applied by the fake merchant server (server-api.ts,
 * server-room-routes.ts) so that none of them is copied into it: a request part is validated
 * against the contract's schema by the validator compiler the server installs
 * (server/src/http/validation.ts), and errors are answered with the bodies the server's error
 * handler builds (server/src/errors.ts).
 */
import type { TSchema, Static } from '@sinclair/typebox'
import { ApiError, apiErrorBody, validationErrorBody } from '../../server/src/errors'
import { requestValidatorCompiler } from '../../server/src/http/validation'
import type { ErrorBody } from '../../miniprogram/contract/common-schemas'

/** A 4xx/5xx as the server answers it. */
export interface ErrorAnswer {
  statusCode: number
  data: ErrorBody
}

export type RequestPart = 'querystring' | 'body'

const compile = requestValidatorCompiler()
const validators: Record<RequestPart, WeakMap<TSchema, ReturnType<typeof compile>>> = { querystring: new WeakMap(), body: new WeakMap() }

/** An ApiError the server's rules threw, answered as the server's error handler does. */
export function answerOf(err: unknown): ErrorAnswer {
  if (!(err instanceof ApiError)) throw err
  return { statusCode: err.statusCode, data: apiErrorBody(err) }
}

/**
 * `data` as the route's handler would see it (query strings coerced, defaults filled in), or the
 * 400 the server answers. `data` is copied first, as it would be parsed from the wire.
 */
export function checkPart<S extends TSchema>(schema: S, part: RequestPart, data: unknown): { ok: true; value: Static<S> } | { ok: false; answer: ErrorAnswer } {
  let validate = validators[part].get(schema)
  if (validate === undefined) {
    validate = compile({ schema, httpPart: part, method: 'FAKE', url: '/fake' })
    validators[part].set(schema, validate)
  }
  const value: unknown = data === undefined ? undefined : JSON.parse(JSON.stringify(data))
  if (validate(value)) return { ok: true, value: value as Static<S> }
  return { ok: false, answer: { statusCode: 400, data: validationErrorBody(validate.errors ?? [], part) } }
}

/** A checked part with the fields its schema's defaults fill in (the validator has set them). */
export type Defaulted<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> }
