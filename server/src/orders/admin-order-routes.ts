/** The merchant's side: orders by state, room and time, shipping, refund decisions, sales. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import {
  AdminOrderListQuerySchema,
  OrderListResponseSchema,
  OrderResponseSchema,
  PaymentAnomalyListQuerySchema,
  PaymentAnomalyListResponseSchema,
  RefundRejectRequestSchema,
  RefundResponseSchema,
  SalesQuerySchema,
  SalesResponseSchema,
  ShipRequestSchema,
  type RefundResponse,
} from '../../../miniprogram/contract/order-schemas'
import { bearerSecurity, requireRole } from '../auth/guard'
import type { RefundsTable } from '../db/schema'
import { ApiError, notFound } from '../errors'
import { receiptVia, type OrderDeps } from './order-deps'
import { listOrders } from './order-lists'
import { findOrderRow, moveOrder } from './order-store'
import { orderById, toRefund } from './order-view'
import { toPaymentAnomaly } from './payment-anomalies'
import { approveRefund, rejectRefund } from './refunds'
import { salesBy } from './sales'
import { uploadDueShipments } from './shipping-uploads'

export const adminOrdersPlugin: FastifyPluginAsyncTypebox<{ deps: OrderDeps }> = async (app, { deps }) => {
  const admin = requireRole('admin')
  const common = { tags: ['orders (admin)'], security: bearerSecurity }
  const orderOf = async (id: string) => {
    const order = await orderById(deps.db, id, await receiptVia(deps))
    if (order === undefined) throw notFound('order')
    return order
  }
  const refundAnswer = async (refund: RefundsTable): Promise<RefundResponse> => ({ refund: toRefund(refund), order: await orderOf(refund.order_id) })

  app.get('/api/admin/orders', { preValidation: admin, schema: { ...common, querystring: AdminOrderListQuerySchema, response: { 200: OrderListResponseSchema, ...ErrorResponses } } }, async (request) =>
    listOrders(deps, request.query),
  )

  app.post(
    '/api/orders/:id/ship',
    { preValidation: admin, schema: { ...common, summary: 'Ship a paid order; its shipping information goes to WeChat once', params: IdParamsSchema, body: ShipRequestSchema, response: { 200: OrderResponseSchema, ...ErrorResponses } } },
    async (request) => {
      const order = await findOrderRow(deps.db, request.params.id)
      if (order === undefined) throw notFound('order')
      const shippable = order.state === 'paid' || (order.state === 'partially_refunded' && order.shipped_at === null)
      if (!shippable) throw new ApiError(409, 'not_shippable', `a ${order.state} order cannot be shipped${order.shipped_at !== null ? ' again' : ''}`, 'id')
      const now = deps.nowSeconds()
      const { expressCompany, trackingNo } = request.body
      const shipped = await deps.db.transaction().execute(async (trx) => {
        if (!(await moveOrder(trx, order.id, order.state, 'shipped', now, { express_company: expressCompany, tracking_no: trackingNo, shipped_at: now }))) return false
        if (deps.shipping.enabled) {
          await trx.insertInto('shipping_uploads').values({ order_id: order.id, state: 'pending', attempts: 0, next_attempt_at: now, errcode: null, errmsg: null, uploaded_at: null, updated_at: now }).execute()
        }
        return true
      })
      if (!shipped) throw new ApiError(409, 'not_shippable', 'the order changed meanwhile; look at it again', 'id')
      // First attempt now; 10060001 and network failures wait for the sweeper's retry.
      await uploadDueShipments(deps, order.id).catch((err: unknown) => deps.log.warn({ err, orderId: order.id }, 'shipping upload failed; retried by the sweeper'))
      return { order: await orderOf(order.id) }
    },
  )

  app.post('/api/refunds/:id/approve', { preValidation: admin, schema: { ...common, summary: 'Approve a refund: WeChat Pay refunds it once', params: IdParamsSchema, response: { 200: RefundResponseSchema, ...ErrorResponses } } }, async (request) =>
    refundAnswer(await approveRefund(deps, request.params.id)),
  )

  app.post(
    '/api/refunds/:id/reject',
    { preValidation: admin, schema: { ...common, params: IdParamsSchema, body: RefundRejectRequestSchema, response: { 200: RefundResponseSchema, ...ErrorResponses } } },
    async (request) => refundAnswer(await rejectRefund(deps, request.params.id, request.body.reason)),
  )

  app.get('/api/admin/sales', { preValidation: admin, schema: { ...common, summary: 'Paid orders per room or per sharer', querystring: SalesQuerySchema, response: { 200: SalesResponseSchema, ...ErrorResponses } } }, async (request) =>
    salesBy(deps, request.query.by),
  )

  app.get(
    '/api/admin/payment-anomalies',
    {
      preValidation: admin,
      schema: { ...common, summary: 'Money taken for orders that could not take it, and what became of it', querystring: PaymentAnomalyListQuerySchema, response: { 200: PaymentAnomalyListResponseSchema, ...ErrorResponses } },
    },
    async (request) => {
      let base = deps.db.selectFrom('payment_anomalies')
      if (request.query.state !== undefined) base = base.where('state', '=', request.query.state)
      const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(request.query.offset ?? 0).limit(request.query.limit ?? 20).execute()
      const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
      return { anomalies: rows.map(toPaymentAnomaly), total: Number(count.n) }
    },
  )
}
