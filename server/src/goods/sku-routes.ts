/** PUT /api/goods/:id/skus (admin): the goods' specs and SKU set, replaced as a whole. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import { GoodsDetailResponseSchema, SkusPutRequestSchema, type GoodsDetailResponse } from '../../../miniprogram/contract/goods-schemas'
import { bearerSecurity, requireRole } from '../auth/guard'
import { notFound } from '../errors'
import type { AppContext } from '../http/context'
import { nowSecondsOf } from '../http/context'
import { replaceSkuSet } from './sku-set-repo'
import { skuSetProblem } from './sku-set-rules'

/** A plugin of its own, so its contract schemas validate bodies without coercion. */
export async function skuRoutes(parent: FastifyInstance, ctx: AppContext): Promise<void> {
  await parent.register(async (scope) => {
    skuPut(scope, ctx)
  })
}

function skuPut(scope: FastifyInstance, ctx: AppContext): void {
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
      if ((await ctx.goods.find(goodsId)) === undefined) throw notFound('goods')
      const existing = await ctx.goods.skuRows([goodsId])
      const problem = skuSetProblem(request.body, new Set(existing.map((s) => s.id)))
      if (problem !== null) throw problem
      await replaceSkuSet(ctx.database.db, goodsId, request.body, nowSecondsOf(ctx))
      const goods = await ctx.goods.findDetail(goodsId)
      if (goods === undefined) throw notFound('goods')
      return { goods }
    },
  )
}
