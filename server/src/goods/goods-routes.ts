import type { FastifyInstance } from 'fastify'
import type { GoodsListResponse, GoodsStatus } from '../../../miniprogram/core/api-types'
import { bearerSecurity, isBackOffice, requireRole } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import type { AppContext } from '../http/context'
import { nowSecondsOf } from '../http/context'
import { errorResponses, goodsSchema, goodsStatusSchema, idParams, pagingProperties } from '../http/schemas'
import type { GoodsInput } from './goods-repo'

const goodsFields = {
  title: { type: 'string', minLength: 1, maxLength: 60 },
  images: { type: 'array', maxItems: 9, items: { type: 'string', minLength: 1, maxLength: 1024, pattern: '^https?://' } },
  priceFen: { type: 'integer', minimum: 0, maximum: 100_000_000 },
  stock: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  status: goodsStatusSchema,
} as const

const goodsBody = { 200: { type: 'object', required: ['goods'], properties: { goods: goodsSchema } } } as const

export async function goodsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = requireRole('admin')

  app.get<{ Querystring: { status?: GoodsStatus; offset: number; limit: number } }>(
    '/api/goods',
    {
      schema: {
        tags: ['goods'],
        summary: 'Goods; drafts are listed for admins only',
        querystring: { type: 'object', additionalProperties: false, properties: { status: goodsStatusSchema, ...pagingProperties } },
        response: {
          200: { type: 'object', required: ['goods', 'total'], properties: { goods: { type: 'array', items: goodsSchema }, total: { type: 'integer' } } },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<GoodsListResponse> => {
      const isAdmin = isBackOffice(request)
      const visible: GoodsStatus[] = isAdmin ? ['draft', 'on_sale', 'off_sale'] : ['on_sale', 'off_sale']
      const { status, offset, limit } = request.query
      if (status !== undefined && !visible.includes(status)) throw new ApiError(403, 'forbidden', 'draft goods are listed for admins only', 'status')
      return ctx.goods.list({ statuses: status === undefined ? visible : [status], offset, limit })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/goods/:id',
    { schema: { tags: ['goods'], params: idParams, response: { ...goodsBody, ...errorResponses } } },
    async (request) => {
      const goods = await ctx.goods.find(request.params.id)
      if (goods === undefined || (goods.status === 'draft' && !isBackOffice(request))) throw notFound('goods')
      return { goods }
    },
  )

  app.post<{ Body: GoodsInput }>(
    '/api/goods',
    {
      preValidation: admin,
      schema: {
        tags: ['goods'],
        security: bearerSecurity,
        body: { type: 'object', additionalProperties: false, required: ['title', 'priceFen', 'stock'], properties: goodsFields },
        response: { 201: goodsBody[200], ...errorResponses },
      },
    },
    async (request, reply) => {
      const input: GoodsInput = { ...request.body, images: request.body.images ?? [], status: request.body.status ?? 'draft' }
      reply.status(201)
      return { goods: await ctx.goods.create(input, nowSecondsOf(ctx)) }
    },
  )

  app.patch<{ Params: { id: string }; Body: Partial<GoodsInput> }>(
    '/api/goods/:id',
    {
      preValidation: admin,
      schema: {
        tags: ['goods'],
        security: bearerSecurity,
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: goodsFields },
        response: { ...goodsBody, ...errorResponses },
      },
    },
    async (request) => {
      const goods = await ctx.goods.update(request.params.id, request.body, nowSecondsOf(ctx))
      if (goods === undefined) throw notFound('goods')
      return { goods }
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/goods/:id',
    { preValidation: admin, schema: { tags: ['goods'], security: bearerSecurity, params: idParams, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      const shelving = await ctx.rooms.roomsShelving(request.params.id)
      if (shelving.length > 0) throw new ApiError(409, 'goods_in_use', `goods is on the shelf of room(s) ${shelving.join(', ')}; remove it there first`, 'id')
      if (!(await ctx.goods.delete(request.params.id))) throw notFound('goods')
      return reply.status(204).send()
    },
  )
}
