/**
 * POST /api/dev/payments/:orderId/simulate: the pay simulator's "the shopper paid". Registered
 * only in simulator mode. It goes through the same verified-notification handler as WeChat Pay's
 * real notifications, so a simulated payment is applied exactly as a real one (and once).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorResponses, IdSchema } from '../../../miniprogram/contract/common-schemas'
import { OrderResponseSchema, PaymentSimulateRequestSchema } from '../../../miniprogram/contract/order-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import { receiptVia, type OrderDeps } from '../orders/order-deps'
import { findOrderRow } from '../orders/order-store'
import { orderById } from '../orders/order-view'
import { handleVerifiedNotification } from '../orders/payment-apply'
import { PaymentProviderError } from './payment-gateway'
import type { SimulatorGateway } from './simulator-gateway'

export const simulatePlugin: FastifyPluginAsyncTypebox<{ deps: OrderDeps; simulator: SimulatorGateway }> = async (app, { deps, simulator }) => {
  app.post(
    '/api/dev/payments/:orderId/simulate',
    {
      preValidation: requireUser,
      schema: {
        tags: ['payments'],
        summary: 'Pay simulator only: the shopper paid (success) or closed the sheet (cancel)',
        security: bearerSecurity,
        params: Type.Object({ orderId: IdSchema }, { additionalProperties: false }),
        body: PaymentSimulateRequestSchema,
        response: { 200: OrderResponseSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request)
      const row = await findOrderRow(deps.db, request.params.orderId)
      if (row === undefined || row.user_id !== user.id) throw notFound('order')
      if (request.body.result === 'success') {
        let transaction
        try {
          transaction = simulator.simulatePayment(row.id)
        } catch (err) {
          if (err instanceof PaymentProviderError) throw new ApiError(409, 'not_prepaid', 'start the payment first (POST /api/orders/:id/payment)', 'orderId')
          throw err
        }
        if (transaction.tradeState === 'SUCCESS' && transaction.transactionId !== null) {
          // One notification id per payment, as WeChat Pay repeats the same notification.
          await handleVerifiedNotification(deps, { id: `SIM-${transaction.transactionId}`, eventType: 'TRANSACTION.SUCCESS', kind: 'transaction', transaction })
        }
      }
      const order = await orderById(deps.db, row.id, await receiptVia(deps))
      if (order === undefined) throw notFound('order')
      return { order }
    },
  )
}
