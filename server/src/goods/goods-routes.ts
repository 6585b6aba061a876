import type { FastifyPluginAsync } from 'fastify'
import type { Kysely } from 'kysely'
import { ErrorResponses, IdParamsSchema, NoContentSchema } from '../../../miniprogram/contract/common-schemas'
import {
  GoodsCreateRequestSchema,
  GoodsDetailResponseSchema,
  GoodsListQuerySchema,
  GoodsListResponseSchema,
  GoodsPatchRequestSchema,
  type GoodsCreateRequest,
  type GoodsDetailResponse,
  type GoodsListResponse,
  type GoodsPatchRequest,
  type GoodsStatus,
} from '../../../miniprogram/contract/goods-schemas'
import { bearerSecurity, isBackOffice, requireRole, type IdentifyRequest } from '../auth/guard'
import type { Database } from '../db/schema'
import { ApiError, notFound } from '../errors'
import { LIST_CACHE_CONTROL } from '../http/cached-answers'
import { prepareJson, sendPrepared, type PreparedCache } from '../http/prepared-body'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { GoodsInput, GoodsRepo } from './goods-repo'
import { skusPlugin } from './sku-routes'

export interface GoodsPluginOptions {
  goods: GoodsRepo
  rooms: Pick<RoomsRepo, 'roomsShelving'>
  /** SKU sets are replaced in one transaction (sku-set-repo.ts). */
  db: Kysely<Database>
  /** The public goods list's prepared answers, dropped on every write to goods (http/cached-answers.ts). */
  listAnswers: PreparedCache
  /** Who asks, on the list route the session hooks skip (bearer session, then console session). */
  identify: IdentifyRequest
  nowSeconds: () => number
}

async function detailOf(goods: Pick<GoodsRepo, 'findDetail'>, id: string): Promise<GoodsDetailResponse> {
  const detail = await goods.findDetail(id)
  if (detail === undefined) throw notFound('goods')
  return { goods: detail }
}

export const goodsPlugin: FastifyPluginAsync<GoodsPluginOptions> = async (app, options) => {
  const { goods, rooms, listAnswers, identify, nowSeconds } = options
  const admin = requireRole('admin')

  app.get<{ Querystring: { status?: GoodsStatus; offset: number; limit: number } }>(
    '/api/goods',
    {
      // Shoppers all get the same list; who asks is looked up only when credentials come along (below).
      config: { sameForEveryone: true },
      schema: {
        tags: ['goods'],
        summary: 'Goods; drafts are listed for admins only',
        querystring: GoodsListQuerySchema,
        response: { 200: GoodsListResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      // Only a request with credentials may be the back office, which also sees drafts.
      if (request.headers.authorization !== undefined || request.headers.cookie !== undefined) {
        await identify(request)
      }
      const isAdmin = isBackOffice(request)
      const visible: GoodsStatus[] = isAdmin ? ['draft', 'on_sale', 'off_sale'] : ['on_sale', 'off_sale']
      const { status, offset, limit } = request.query
      if (status !== undefined && !visible.includes(status)) throw new ApiError(403, 'forbidden', 'draft goods are listed for admins only', 'status')
      const load = async (): Promise<GoodsListResponse> => goods.list({ statuses: status === undefined ? visible : [status], offset, limit })
      if (isAdmin) return load()
      // Built by the route's serializer, so the response schema shapes the prepared bytes too.
      const prepared = await listAnswers.get(`${status ?? ''}|${offset}|${limit}`, async () => prepareJson(reply.serialize(await load()) as string))
      return sendPrepared(request, reply, prepared, LIST_CACHE_CONTROL)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/goods/:id',
    { schema: { tags: ['goods'], summary: 'One goods with its specs and every sellable SKU', params: IdParamsSchema, response: { 200: GoodsDetailResponseSchema, ...ErrorResponses } } },
    async (request): Promise<GoodsDetailResponse> => {
      const detail = await goods.findDetail(request.params.id)
      if (detail === undefined || (detail.status === 'draft' && !isBackOffice(request))) throw notFound('goods')
      return { goods: detail }
    },
  )

  app.post<{ Body: GoodsCreateRequest }>(
    '/api/goods',
    {
      preValidation: admin,
      schema: {
        tags: ['goods'],
        security: bearerSecurity,
        body: GoodsCreateRequestSchema,
        response: { 201: GoodsDetailResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const input: GoodsInput = { ...request.body, images: request.body.images ?? [], status: request.body.status ?? 'draft' }
      const created = await goods.create(input, nowSeconds())
      reply.status(201)
      return detailOf(goods, created.id)
    },
  )

  app.patch<{ Params: { id: string }; Body: GoodsPatchRequest }>(
    '/api/goods/:id',
    {
      preValidation: admin,
      schema: {
        tags: ['goods'],
        security: bearerSecurity,
        params: IdParamsSchema,
        body: GoodsPatchRequestSchema,
        response: { 200: GoodsDetailResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<GoodsDetailResponse> => {
      const existing = await goods.find(request.params.id)
      if (existing === undefined) throw notFound('goods')
      if (existing.specs.length > 0) {
        const field = request.body.priceFen !== undefined ? 'priceFen' : request.body.stock !== undefined ? 'stock' : undefined
        if (field !== undefined) throw new ApiError(409, 'goods_has_specs', `${field} belongs to each SKU of a goods with specs; set it with PUT /api/goods/:id/skus`, field)
      }
      if ((await goods.update(request.params.id, request.body, nowSeconds())) === undefined) throw notFound('goods')
      return detailOf(goods, request.params.id)
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/api/goods/:id',
    { preValidation: admin, schema: { tags: ['goods'], security: bearerSecurity, params: IdParamsSchema, response: { 204: NoContentSchema, ...ErrorResponses } } },
    async (request, reply) => {
      const shelving = await rooms.roomsShelving(request.params.id)
      if (shelving.length > 0) throw new ApiError(409, 'goods_in_use', `goods is on the shelf of room(s) ${shelving.join(', ')}; remove it there first`, 'id')
      if (await goods.hasOrders(request.params.id)) throw new ApiError(409, 'goods_ordered', 'goods has orders, which keep naming its SKUs; take it off sale instead', 'id')
      if (!(await goods.delete(request.params.id))) throw notFound('goods')
      return reply.status(204).send()
    },
  )

  await app.register(skusPlugin, options)
}
