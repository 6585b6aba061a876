/** What the orders domain runs on, built once in app.ts and handed to its plugins and the sweeper. */
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { PaymentGateway } from '../payments/payment-gateway'
import type { ShippingInfo } from '../wechat/shipping-info'
import type { RoomOrderPublisher } from './room-order-events'

export interface OrderDeps {
  db: Kysely<Database>
  gateway: PaymentGateway
  shipping: ShippingInfo
  log: FastifyBaseLogger
  nowSeconds: () => number
  /** ORDER_PAY_MINUTES */
  payMinutes: number
  /** Signs share tokens (SESSION_SECRET, under its own prefix). */
  sessionSecret: string
  /** Where orders attributed to a room are announced (the console's room event bus); absent: nowhere. */
  publishRoomOrder?: RoomOrderPublisher
}

/** 'wechat' where the account is trade-managed (receipt confirmed in WeChat's own view), else our button. */
export async function receiptVia(deps: Pick<OrderDeps, 'shipping'>): Promise<'wechat' | 'merchant'> {
  return (await deps.shipping.isTradeManaged()) ? 'wechat' : 'merchant'
}
