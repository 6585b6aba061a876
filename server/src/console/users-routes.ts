/** The console's users page: find mini-program users by openid, make them anchor or admin (admin console role only). */
import type { FastifyInstance } from 'fastify'
import type { UserRole } from '../../../miniprogram/core/api-types'
import { requireRole } from '../auth/guard'
import { notFound } from '../errors'
import type { AppContext } from '../http/context'
import { errorResponses, idParams, pagingProperties, userSchema } from '../http/schemas'

const roleSchema = { type: 'string', enum: ['shopper', 'anchor', 'admin'] } as const
const consoleUserSchema = { ...userSchema, required: [...userSchema.required, 'createdAt'], properties: { ...userSchema.properties, createdAt: { type: 'integer' } } } as const

export async function consoleUsersRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = requireRole('admin')

  app.get<{ Querystring: { openid?: string; role?: UserRole; offset: number; limit: number } }>(
    '/api/admin/users',
    {
      preValidation: admin,
      schema: {
        tags: ['console'],
        summary: 'Users whose openid contains `openid`, newest first (admin console role)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { openid: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }, role: roleSchema, ...pagingProperties },
        },
        response: { 200: { type: 'object', required: ['users', 'total'], properties: { users: { type: 'array', items: consoleUserSchema }, total: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (request) => ctx.users.search(request.query),
  )

  app.patch<{ Params: { id: string }; Body: { role: UserRole } }>(
    '/api/admin/users/:id',
    {
      preValidation: admin,
      schema: {
        tags: ['console'],
        summary: "Change a user's role (applies at their next request)",
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['role'], properties: { role: roleSchema } },
        response: { 200: { type: 'object', required: ['user'], properties: { user: userSchema } }, ...errorResponses },
      },
    },
    async (request) => {
      const user = await ctx.users.setRoleById(request.params.id, request.body.role)
      if (user === undefined) throw notFound('user')
      request.log.info({ userId: user.id, role: user.role, by: request.staffSession?.staff.id ?? request.user?.id }, 'user role changed')
      return { user }
    },
  )
}
