/** PUT /api/goods/:id/skus (admin): the goods' specs and SKU set, replaced as a whole. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Kysely } from 'kysely'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import { GoodsDetailResponseSchema, SkusPutRequestSchema, type GoodsDetailResponse } from '../../../miniprogram/contract/goods-schemas'
import { bearerSecurity, requireRole } from '../auth/guard'
import { notFound } from '../errors'
import type { Database } from '../db/schema'
import type { GoodsRepo } from './goods-repo'
import { replaceSkuSet } from './sku-set-repo'
import { skuSetProblem } from './sku-set-rules'

export interface SkusPluginOptions {
  goods: Pick<GoodsRepo, 'find' | 'skuRows' | 'findDetail'>
  db: Kysely<Database>
  nowSeconds: () => number
}

/** A plugin of its own, so its contract schemas validate bodies without coercion. */
export const skusPlugin: FastifyPluginAsync<SkusPluginOptions> = async (scope, { goods, db, nowSeconds }) => {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  app.put(
    '/api/goods/:id/skus',
    {
      preValidation: requireRole('admin'),
      schema: {
        tags: ['goods'],
        summary: 'Replace the specs and SKUs; every combination once; SKUs left out are retired',
        security: bearerSecurity,
        params: IdParamsSchema,
        body: SkusPutRequestSchema,
        response: { 200: GoodsDetailResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<GoodsDetailResponse> => {
      const goodsId = request.params.id
      if ((await goods.find(goodsId)) === undefined) throw notFound('goods')
      const existing = await goods.skuRows([goodsId])
      const problem = skuSetProblem(request.body, new Set(existing.map((s) => s.id)))
      if (problem !== null) throw problem
      await replaceSkuSet(db, goodsId, request.body, nowSeconds())
      const detail = await goods.findDetail(goodsId)
      if (detail === undefined) throw notFound('goods')
      return { goods: detail }
    },
  )
}
