/** Sign-in, the signed-in user and the console's user list. */
import { Type, type Static } from '@sinclair/typebox'
import { PagingQueryProperties, UnixSecondsSchema } from './common-schemas'
import { stringEnum } from './string-enum'
import { USER_ROLES, type UserRole } from './user-rules'

export const UserRoleSchema = stringEnum<UserRole>(USER_ROLES)

export const UserSchema = Type.Object({ id: Type.String(), openid: Type.String(), role: UserRoleSchema })
export type User = Static<typeof UserSchema>

/** POST /api/auth/login: a wx.login code (dev mode: "dev:<openid>"). */
export const LoginRequestSchema = Type.Object({ code: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false })
export type LoginRequest = Static<typeof LoginRequestSchema>

export const LoginResponseSchema = Type.Object({ token: Type.String(), user: UserSchema })
export type LoginResponse = Static<typeof LoginResponseSchema>

/** One user: GET /api/me (the signed-in one) and PATCH /api/admin/users/:id. */
export const UserResponseSchema = Type.Object({ user: UserSchema })
export const MeResponseSchema = UserResponseSchema
export type MeResponse = Static<typeof MeResponseSchema>

/** GET /api/admin/users: openid contains `openid`, optionally one role; newest first. */
export const UserSearchQuerySchema = Type.Object(
  {
    openid: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
    role: Type.Optional(UserRoleSchema),
    ...PagingQueryProperties,
  },
  { additionalProperties: false },
)

export const ConsoleUserSchema = Type.Composite([UserSchema, Type.Object({ createdAt: UnixSecondsSchema })])
export type ConsoleUser = Static<typeof ConsoleUserSchema>

export const UserListResponseSchema = Type.Object({ users: Type.Array(ConsoleUserSchema), total: Type.Integer({ minimum: 0 }) })
export type UserListResponse = Static<typeof UserListResponseSchema>

/** PATCH /api/admin/users/:id (applies at the user's next request). */
export const UserRolePatchSchema = Type.Object({ role: UserRoleSchema }, { additionalProperties: false })
export type UserRolePatch = Static<typeof UserRolePatchSchema>
