/**
 * The real server with WeChat Pay configured against the loopback APIv3 fake: WECHATPAY_* from
 * generated keys, WECHAT_APPID set, PUBLIC_BASE_URL https. The fake stamps notifications on the
 * server's fake clock, so the 5-minute window is the server's. Shoppers sign in through the fake
 * WeChat API (jscode2session) under the same appid the merchant ID is bound to. Upstream timeouts
 * are generous: the machine the suites run on is shared, and no test here is about a timeout.
 */
import { createPublicKey, verify } from 'node:crypto'
import type { Env } from '../../../server/src/config'
import type { Order, OrderResponse, PaymentParams } from '../../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../../miniprogram/core/api-types'
import { FakeWechatApi } from '../../fakes/wechat-api'
import { FakeWechatPay } from '../../fakes/wechat-pay'
import { wechatPayEnv, type WechatPayTestKeys } from '../../fakes/wechat-pay-keys'
import type { BuiltNotification } from '../../fakes/wechat-pay-notifications'
import { startPayment } from './buying-fixtures'
import { createTestServer, type TestResponse, type TestServer } from './test-server'

export const PUBLIC_BASE_URL = 'https://shop.example.com'
export const NOTIFY_PATH = '/api/wechatpay/notify'
export const REFUND_NOTIFY_PATH = '/api/wechatpay/refund-notify'

export interface WechatPayServer {
  server: TestServer
  fake: FakeWechatPay
  wechat: FakeWechatApi
  close(): Promise<void>
}

export async function startWechatPayServer(keys: WechatPayTestKeys, env: Env = {}): Promise<WechatPayServer> {
  let server: TestServer | undefined
  // Notifications carry the server's clock: the fake is started first, the server's clock read later.
  const fake = new FakeWechatPay(keys, () => server?.clock.nowMs() ?? Date.now())
  const wechat = new FakeWechatApi(keys.appId)
  await Promise.all([fake.start(), wechat.start()])
  try {
    server = await createTestServer({ wechat, env: { ...wechatPayEnv(keys, fake.baseUrl), PUBLIC_BASE_URL, WECHATPAY_TIMEOUT_MS: '5000', WECHAT_TIMEOUT_MS: '5000', ...env } })
  } catch (err) {
    await Promise.all([fake.close(), wechat.close()])
    throw err
  }
  const started = server
  return {
    server: started,
    fake,
    wechat,
    close: async () => {
      await started.close()
      await Promise.all([fake.close(), wechat.close()])
    },
  }
}

/** Delivers a built notification to the server as WeChat Pay would: the exact body, its headers. */
export function deliver(server: TestServer, notification: BuiltNotification, path = NOTIFY_PATH): Promise<TestResponse> {
  return server.request({ method: 'POST', url: path, rawBody: notification.body, headers: notification.headers })
}

/** True when paySign verifies with the merchant public key over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function paySignVerifies(keys: WechatPayTestKeys, params: PaymentParams): boolean {
  const message = `${keys.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`
  return verify('sha256', Buffer.from(message, 'utf8'), createPublicKey(keys.merchant.publicKeyPem), Buffer.from(params.paySign, 'base64'))
}

/** Prepay through the server, then the shopper pays at the fake and its notification is delivered. */
export async function payThroughWechat(rig: WechatPayServer, shopper: LoginResponse, orderId: string): Promise<Order> {
  await startPayment(rig.server, shopper, orderId)
  const res = await deliver(rig.server, rig.fake.notification('transaction', rig.fake.markPaid(orderId)))
  if (res.statusCode !== 204) throw new Error(`payment notification answered ${res.statusCode} ${res.body}`)
  const read = await rig.server.request({ method: 'GET', url: `/api/orders/${orderId}`, headers: { authorization: `Bearer ${shopper.token}` } })
  const order = read.json<OrderResponse>().order
  if (order.state !== 'paid') throw new Error(`order ${orderId} is ${order.state} after its notification`)
  return order
}

export async function storedNotificationIds(server: TestServer): Promise<string[]> {
  const rows = await server.handles.database.db.selectFrom('payment_notifications').select('id').execute()
  return rows.map((r) => r.id)
}
