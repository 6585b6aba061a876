import type { FastifyInstance } from 'fastify'
import { GoodsDetailResponseSchema, GoodsListResponseSchema, type GoodsDetailResponse, type GoodsListResponse, type GoodsStatus } from '../../../miniprogram/contract/goods-schemas'
import { authenticate, bearerSecurity, isBackOffice, requireRole } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import { LIST_CACHE_CONTROL } from '../http/cached-answers'
import type { AppContext } from '../http/context'
import { prepareJson, sendPrepared } from '../http/prepared-body'
import { nowSecondsOf } from '../http/context'
import { errorResponses, goodsStatusSchema, idParams, pagingProperties } from '../http/schemas'
import { resolveStaffSession } from '../staff/staff-session'
import type { GoodsInput } from './goods-repo'
import { skuRoutes } from './sku-routes'

const goodsFields = {
  title: { type: 'string', minLength: 1, maxLength: 60 },
  images: { type: 'array', maxItems: 9, items: { type: 'string', minLength: 1, maxLength: 1024, pattern: '^https?://' } },
  priceFen: { type: 'integer', minimum: 0, maximum: 100_000_000 },
  stock: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  status: goodsStatusSchema,
} as const

const goodsBody = { 200: GoodsDetailResponseSchema } as const

async function detailOf(ctx: AppContext, id: string): Promise<GoodsDetailResponse> {
  const goods = await ctx.goods.findDetail(id)
  if (goods === undefined) throw notFound('goods')
  return { goods }
}

export async function goodsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = requireRole('admin')

  app.get<{ Querystring: { status?: GoodsStatus; offset: number; limit: number } }>(
    '/api/goods',
    {
      // Shoppers all get the same list; who asks is looked up only when credentials come along (below).
      config: { sameForEveryone: true },
      schema: {
        tags: ['goods'],
        summary: 'Goods; drafts are listed for admins only',
        querystring: { type: 'object', additionalProperties: false, properties: { status: goodsStatusSchema, ...pagingProperties } },
        response: { 200: GoodsListResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Only a request with credentials may be the back office, which also sees drafts.
      if (request.headers.authorization !== undefined || request.headers.cookie !== undefined) {
        await authenticate(ctx, request)
        await resolveStaffSession(ctx, request)
      }
      const isAdmin = isBackOffice(request)
      const visible: GoodsStatus[] = isAdmin ? ['draft', 'on_sale', 'off_sale'] : ['on_sale', 'off_sale']
      const { status, offset, limit } = request.query
      if (status !== undefined && !visible.includes(status)) throw new ApiError(403, 'forbidden', 'draft goods are listed for admins only', 'status')
      const load = async (): Promise<GoodsListResponse> => ctx.goods.list({ statuses: status === undefined ? visible : [status], offset, limit })
      if (isAdmin) return load()
      // Built by the route's serializer, so the response schema shapes the prepared bytes too.
      const prepared = await ctx.cachedAnswers.goods.get(`${status ?? ''}|${offset}|${limit}`, async () => prepareJson(reply.serialize(await load()) as string))
      return sendPrepared(request, reply, prepared, LIST_CACHE_CONTROL)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/goods/:id',
    { schema: { tags: ['goods'], summary: 'One goods with its specs and every sellable SKU', params: idParams, response: { ...goodsBody, ...errorResponses } } },
    async (request): Promise<GoodsDetailResponse> => {
      const goods = await ctx.goods.findDetail(request.params.id)
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
      const created = await ctx.goods.create(input, nowSecondsOf(ctx))
      reply.status(201)
      return detailOf(ctx, created.id)
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
    async (request): Promise<GoodsDetailResponse> => {
      const existing = await ctx.goods.find(request.params.id)
      if (existing === undefined) throw notFound('goods')
      if (existing.specs.length > 0) {
        const field = request.body.priceFen !== undefined ? 'priceFen' : request.body.stock !== undefined ? 'stock' : undefined
        if (field !== undefined) throw new ApiError(409, 'goods_has_specs', `${field} belongs to each SKU of a goods with specs; set it with PUT /api/goods/:id/skus`, field)
      }
      if ((await ctx.goods.update(request.params.id, request.body, nowSecondsOf(ctx))) === undefined) throw notFound('goods')
      return detailOf(ctx, request.params.id)
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/goods/:id',
    { preValidation: admin, schema: { tags: ['goods'], security: bearerSecurity, params: idParams, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      const shelving = await ctx.rooms.roomsShelving(request.params.id)
      if (shelving.length > 0) throw new ApiError(409, 'goods_in_use', `goods is on the shelf of room(s) ${shelving.join(', ')}; remove it there first`, 'id')
      const ordered = await ctx.database.db.selectFrom('order_items').select('order_id').where('goods_id', '=', request.params.id).executeTakeFirst()
      if (ordered !== undefined) throw new ApiError(409, 'goods_ordered', 'goods has orders, which keep naming its SKUs; take it off sale instead', 'id')
      if (!(await ctx.goods.delete(request.params.id))) throw notFound('goods')
      return reply.status(204).send()
    },
  )

  await skuRoutes(app, ctx)
}
