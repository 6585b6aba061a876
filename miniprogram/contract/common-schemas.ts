/** Building blocks every route shares: IDs, paging, the error body. */
import { Type, type Static } from '@sinclair/typebox'

/** A server-made ID: letters, digits, `_` and `-`. */
export const IdSchema = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })

export const IdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })
export type IdParams = Static<typeof IdParamsSchema>

/** Integer fen (1/100 yuan), never negative, at most one million yuan. */
export const FenSchema = Type.Integer({ minimum: 0, maximum: 100_000_000 })

/** Unix seconds. */
export const UnixSecondsSchema = Type.Integer({ minimum: 0 })

export const PagingQueryProperties = {
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}

/** Every 4xx/5xx answer. `field` names the offending input when there is one. */
export const ErrorBodySchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
})
export type ErrorBody = Static<typeof ErrorBodySchema>

/** A 204's (empty) body. */
export const NoContentSchema = Type.Null()

export const ErrorResponses = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const
