/** The shopper's side of buying: place, list, read, pay, cancel, confirm receipt, ask for a refund. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import {
  OrderCreateRequestSchema,
  OrderListQuerySchema,
  OrderListResponseSchema,
  OrderResponseSchema,
  PaymentParamsSchema,
  RefundCreateRequestSchema,
  RefundResponseSchema,
  type Order,
} from '../../../miniprogram/contract/order-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import { closeUnpaidOrder } from './order-closing'
import { createOrder } from './order-create'
import { receiptVia, type OrderDeps } from './order-deps'
import { listOrders } from './order-lists'
import { startPayment } from './order-payment'
import { findOrderRow, moveOrder } from './order-store'
import { orderById } from './order-view'
import { requestRefund } from './refunds'

export const ordersPlugin: FastifyPluginAsyncTypebox<{ deps: OrderDeps }> = async (app, { deps }) => {
  const common = { tags: ['orders'], security: bearerSecurity }
  const ownOrder = async (userId: string, id: string): Promise<Order> => {
    const order = await orderById(deps.db, id, await receiptVia(deps))
    const row = order === undefined ? undefined : await findOrderRow(deps.db, id)
    // Someone else's order answers as if it did not exist.
    if (order === undefined || row?.user_id !== userId) throw notFound('order')
    return order
  }

  app.post(
    '/api/orders',
    { preValidation: requireUser, schema: { ...common, summary: 'Place an order; prices come from the SKUs, stock is reserved', body: OrderCreateRequestSchema, response: { 201: OrderResponseSchema, ...ErrorResponses } } },
    async (request, reply) => {
      const user = currentUser(request)
      const { orderId } = await createOrder(deps, user, request.body)
      reply.status(201)
      return { order: await ownOrder(user.id, orderId) }
    },
  )

  app.get('/api/orders', { preValidation: requireUser, schema: { ...common, querystring: OrderListQuerySchema, response: { 200: OrderListResponseSchema, ...ErrorResponses } } }, async (request) =>
    listOrders(deps, { ...request.query, userId: currentUser(request).id }),
  )

  app.get('/api/orders/:id', { preValidation: requireUser, schema: { ...common, params: IdParamsSchema, response: { 200: OrderResponseSchema, ...ErrorResponses } } }, async (request) => ({
    order: await ownOrder(currentUser(request).id, request.params.id),
  }))

  app.post(
    '/api/orders/:id/payment',
    { preValidation: requireUser, schema: { ...common, summary: 'Parameters for wx.requestPayment (or the pay simulator)', params: IdParamsSchema, response: { 200: PaymentParamsSchema, ...ErrorResponses } } },
    async (request) => startPayment(deps, currentUser(request).id, request.params.id),
  )

  app.post(
    '/api/orders/:id/cancel',
    { preValidation: requireUser, schema: { ...common, summary: 'Cancel an unpaid order; its stock returns', params: IdParamsSchema, response: { 200: OrderResponseSchema, ...ErrorResponses } } },
    async (request) => {
      const user = currentUser(request)
      const before = await ownOrder(user.id, request.params.id)
      if (before.state !== 'created') throw new ApiError(409, 'not_cancellable', `a ${before.state} order cannot be cancelled`, 'id')
      const outcome = await closeUnpaidOrder(deps, before.id)
      if (outcome === 'paid') throw new ApiError(409, 'already_paid', 'the order was paid meanwhile; ask for a refund instead', 'id')
      return { order: await ownOrder(user.id, before.id) }
    },
  )

  app.post(
    '/api/orders/:id/confirm-receipt',
    { preValidation: requireUser, schema: { ...common, summary: 'The shopper received a shipped order', params: IdParamsSchema, response: { 200: OrderResponseSchema, ...ErrorResponses } } },
    async (request) => {
      const user = currentUser(request)
      const order = await ownOrder(user.id, request.params.id)
      const now = deps.nowSeconds()
      // A partly refunded order that was shipped is received the same way.
      const from = order.state === 'partially_refunded' && order.shipment !== null ? 'partially_refunded' : 'shipped'
      if (order.state !== from || !(await moveOrder(deps.db, order.id, from, 'completed', now, { completed_at: now }))) {
        throw new ApiError(409, 'not_shipped', `a ${order.state} order cannot be confirmed as received`, 'id')
      }
      return { order: await ownOrder(user.id, order.id) }
    },
  )

  app.post(
    '/api/orders/:id/refunds',
    { preValidation: requireUser, schema: { ...common, summary: 'Ask for a refund (one open at a time)', params: IdParamsSchema, body: RefundCreateRequestSchema, response: { 201: RefundResponseSchema, ...ErrorResponses } } },
    async (request, reply) => {
      const user = currentUser(request)
      const refundId = await requestRefund(deps, user.id, request.params.id, request.body)
      const order = await ownOrder(user.id, request.params.id)
      const refund = order.refunds.find((r) => r.id === refundId)
      if (refund === undefined) throw new Error(`refund ${refundId} vanished`)
      reply.status(201)
      return { refund, order }
    },
  )
}
