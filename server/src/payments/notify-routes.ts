/**
 * WeChat Pay's notifications: POST /api/wechatpay/notify (payments) and /refund-notify (refunds).
 * The body is kept as the exact string received (a scoped content-type parser, reference §5.2),
 * verified and decrypted by the gateway before anything reads it; a rejected one answers 4xx and
 * changes nothing. No sign-in: WeChat Pay calls these.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { ErrorResponses, NoContentSchema } from '../../../miniprogram/contract/common-schemas'
import { handleVerifiedNotification } from '../orders/payment-apply'
import type { OrderDeps } from '../orders/order-deps'
import { NotificationRejected } from './payment-gateway'

export const notifyPlugin: FastifyPluginAsync<{ deps: OrderDeps }> = async (app, { deps }) => {
  // Scoped to this plugin: everywhere else JSON is parsed as usual.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  const handle = (expected: 'transaction' | 'refund') => async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = typeof request.body === 'string' ? request.body : ''
    let notification
    try {
      notification = deps.gateway.verifyNotification(request.headers, raw)
    } catch (err) {
      if (err instanceof NotificationRejected) {
        request.log.warn({ reason: err.reason }, 'payment notification rejected')
        return reply.status(401).send({ error: 'notification_rejected', message: err.message, field: err.reason === 'malformed' || err.reason === 'decrypt' ? 'body' : 'wechatpay-signature' })
      }
      throw err
    }
    if (notification.kind !== expected) {
      return reply.status(400).send({ error: 'wrong_notification', message: `a ${notification.kind} notification was sent to the ${expected} URL`, field: 'body' })
    }
    const result = await handleVerifiedNotification(deps, notification)
    request.log.info({ notificationId: notification.id, eventType: notification.eventType, ...result }, 'payment notification handled')
    return reply.status(204).send()
  }

  const schema = { tags: ['payments'], summary: 'Called by WeChat Pay', response: { 204: NoContentSchema, ...ErrorResponses } }
  app.post('/api/wechatpay/notify', { schema }, handle('transaction'))
  app.post('/api/wechatpay/refund-notify', { schema }, handle('refund'))
}
