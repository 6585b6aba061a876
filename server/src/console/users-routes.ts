/** The console's users page: find mini-program users by openid, make them anchor or admin (admin console role only). */
import type { FastifyPluginAsync } from 'fastify'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import type { UserRole } from '../../../miniprogram/contract/user-rules'
import { UserListResponseSchema, UserRolePatchSchema, UserResponseSchema, UserSearchQuerySchema, type UserRolePatch } from '../../../miniprogram/contract/user-schemas'
import { requireRole } from '../auth/guard'
import { notFound } from '../errors'
import type { UsersRepo } from '../auth/users-repo'

export interface ConsoleUsersPluginOptions {
  users: Pick<UsersRepo, 'search' | 'setRoleById'>
}

export const consoleUsersPlugin: FastifyPluginAsync<ConsoleUsersPluginOptions> = async (app, { users }) => {
  const admin = requireRole('admin')

  app.get<{ Querystring: { openid?: string; role?: UserRole; offset: number; limit: number } }>(
    '/api/admin/users',
    {
      preValidation: admin,
      schema: {
        tags: ['console'],
        summary: 'Users whose openid contains `openid`, newest first (admin console role)',
        querystring: UserSearchQuerySchema,
        response: { 200: UserListResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => users.search(request.query),
  )

  app.patch<{ Params: { id: string }; Body: UserRolePatch }>(
    '/api/admin/users/:id',
    {
      preValidation: admin,
      schema: {
        tags: ['console'],
        summary: "Change a user's role (applies at their next request)",
        params: IdParamsSchema,
        body: UserRolePatchSchema,
        response: { 200: UserResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const user = await users.setRoleById(request.params.id, request.body.role)
      if (user === undefined) throw notFound('user')
      request.log.info({ userId: user.id, role: user.role, by: request.staffSession?.staff.id ?? request.user?.id }, 'user role changed')
      return { user }
    },
  )
}
