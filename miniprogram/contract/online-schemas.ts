/**
 * GET /api/admin/online-counts: how many are in each of our ZEGO rooms, from ZEGO's DescribeUserNum
 * through the server's short cache. A count is never guessed: when ZEGO has not answered, `count`
 * is null and `problem` says why; a count kept from an earlier answer carries its age.
 */
import { Type, type Static } from '@sinclair/typebox'
import { codesOf } from './code-labels'
import { IdSchema } from './common-schemas'
import { stringEnum } from './string-enum'

export const ONLINE_PROBLEM_LABELS = { rate_limited: '查询过于频繁，稍后刷新', timeout: 'ZEGO 超时未答', zego_error: 'ZEGO 返回错误', network: '连不上 ZEGO', unknown_room: '没有这个直播间' } as const
export type OnlineProblemCode = keyof typeof ONLINE_PROBLEM_LABELS
export const ONLINE_PROBLEMS = codesOf(ONLINE_PROBLEM_LABELS)

export const OnlineCountSchema = Type.Object({
  roomId: IdSchema,
  /** Users in the ZEGO room (the anchor included); null when unknown. */
  count: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** Of them, logged in as room admins. */
  adminCount: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** Unix seconds of ZEGO's answer the count comes from. */
  countedAt: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  ageSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** Why the count is missing or older than the cache keeps it fresh; null when it is fresh. */
  problem: Type.Union([Type.Object({ code: stringEnum<OnlineProblemCode>(ONLINE_PROBLEMS), message: Type.String() }), Type.Null()]),
})
export type OnlineCount = Static<typeof OnlineCountSchema>

export const OnlineCountsQuerySchema = Type.Object(
  {
    /** Comma-separated room IDs, at most 100. */
    roomIds: Type.String({ minLength: 1, maxLength: 6600, pattern: '^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,99}$' }),
  },
  { additionalProperties: false },
)
export type OnlineCountsQuery = Static<typeof OnlineCountsQuerySchema>

export const OnlineCountsResponseSchema = Type.Object({
  counts: Type.Array(OnlineCountSchema),
  /** How long a count is served from the cache before ZEGO is asked again. */
  freshSeconds: Type.Integer({ minimum: 1 }),
})
export type OnlineCountsResponse = Static<typeof OnlineCountsResponseSchema>
