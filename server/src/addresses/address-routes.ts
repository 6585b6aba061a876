/** GET|POST /api/addresses, DELETE /api/addresses/:id: the signed-in shopper's own addresses. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponses, IdParamsSchema, NoContentSchema } from '../../../miniprogram/contract/common-schemas'
import { AddressInputSchema, AddressListResponseSchema, AddressResponseSchema } from '../../../miniprogram/contract/order-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import { AddressesRepo, MAX_ADDRESSES_PER_USER } from './addresses-repo'

export interface AddressPluginOptions {
  addresses: AddressesRepo
  nowSeconds: () => number
}

export const addressesPlugin: FastifyPluginAsyncTypebox<AddressPluginOptions> = async (app, { addresses, nowSeconds }) => {
  const common = { tags: ['addresses'], security: bearerSecurity }

  app.get('/api/addresses', { preValidation: requireUser, schema: { ...common, response: { 200: AddressListResponseSchema, ...ErrorResponses } } }, async (request) => ({
    addresses: await addresses.list(currentUser(request).id),
  }))

  app.post(
    '/api/addresses',
    { preValidation: requireUser, schema: { ...common, summary: 'Keep an address; the same address twice answers the kept one', body: AddressInputSchema, response: { 200: AddressResponseSchema, 201: AddressResponseSchema, ...ErrorResponses } } },
    async (request, reply) => {
      const result = await addresses.add(currentUser(request).id, request.body, nowSeconds())
      if (result.kind === 'full') throw new ApiError(409, 'too_many_addresses', `at most ${MAX_ADDRESSES_PER_USER} addresses; delete one first`, 'body')
      reply.status(result.kind === 'created' ? 201 : 200)
      return { address: result.address }
    },
  )

  app.delete('/api/addresses/:id', { preValidation: requireUser, schema: { ...common, params: IdParamsSchema, response: { 204: NoContentSchema, ...ErrorResponses } } }, async (request, reply) => {
    if (!(await addresses.remove(currentUser(request).id, request.params.id))) throw notFound('address')
    return reply.status(204).send(null)
  })
}
