/**
 * The 401s of a bearer session, one wording each: guard.ts raises them, and the page tests' fake
 * server (test/fakes/server-api.ts) answers with them. No I/O.
 */
import { ApiError } from '../errors'

export const malformedAuthorization = (): ApiError => new ApiError(401, 'unauthorized', 'Authorization must be "Bearer <token>"', 'authorization')
export const sessionRejected = (): ApiError => new ApiError(401, 'unauthorized', 'the session token is invalid or expired; sign in again', 'authorization')
export const signInFirst = (): ApiError => new ApiError(401, 'unauthorized', 'sign in first (Authorization: Bearer <token>)', 'authorization')
