/** JSON schemas shared by several routes; they also document the API at /docs. */
import { GoodsSchema } from '../../../miniprogram/contract/goods-schemas'

export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
} as const

export const errorResponses = {
  '4xx': errorSchema,
  '5xx': errorSchema,
} as const

export const userSchema = {
  type: 'object',
  required: ['id', 'openid', 'role'],
  properties: { id: { type: 'string' }, openid: { type: 'string' }, role: { type: 'string', enum: ['shopper', 'anchor', 'admin'] } },
} as const

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } },
} as const

export const pagingProperties = {
  offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
} as const

export const goodsStatusSchema = { type: 'string', enum: ['draft', 'on_sale', 'off_sale'] } as const

/** Goods as lists and the room shelf show them (the contract's shape). */
export const goodsSchema = GoodsSchema

export const roomStatusSchema = { type: 'string', enum: ['scheduled', 'live', 'ended', 'cancelled'] } as const

export const roomSchema = {
  type: 'object',
  required: ['id', 'title', 'cover', 'anchorUserId', 'streamId', 'scheduledStart', 'scheduledEnd', 'status', 'shelf', 'createdAt', 'updatedAt', 'liveStartedAt', 'liveEndedAt', 'hasReplay'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    cover: { type: 'string' },
    anchorUserId: { type: 'string' },
    streamId: { type: 'string' },
    scheduledStart: { type: 'integer' },
    scheduledEnd: { type: ['integer', 'null'] },
    status: roomStatusSchema,
    shelf: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
    liveStartedAt: { type: ['integer', 'null'] },
    liveEndedAt: { type: ['integer', 'null'] },
    hasReplay: { type: 'boolean' },
  },
} as const

export const freshnessProperties = {
  fetchedAt: { type: 'integer' },
  ageSeconds: { type: 'integer' },
  stale: { type: 'boolean' },
} as const
