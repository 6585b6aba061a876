/**
 * Shipping information goes to WeChat once per shipment. The ship route records a pending upload
 * in the transaction that ships the order and tries it at once; 10060001 (WeChat has not indexed
 * the payment yet) and network failures are retried with backoff by the sweeper on the app
 * clock. Each attempt claims the row by its attempt count, so two sweepers never send it twice.
 */
import type { OrderDeps } from './order-deps'
import { ERRCODE_PAYMENT_NOT_INDEXED } from '../wechat/shipping-info'
import { WechatError } from '../wechat/wechat-http'

const FIRST_RETRY_SECONDS = 10
const MAX_RETRY_SECONDS = 600
export const MAX_UPLOAD_ATTEMPTS = 8
/** A row left 'sending' this long (the process stopped mid-call) is tried again. */
const STUCK_SENDING_SECONDS = 120

export const retryDelaySeconds = (attempts: number): number => Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1))

/** Uploads every due shipment (or only `orderId`'s); answers how many were uploaded. */
export async function uploadDueShipments(deps: OrderDeps, orderId?: string): Promise<number> {
  if (!deps.shipping.enabled) return 0
  const now = deps.nowSeconds()
  let query = deps.db
    .selectFrom('shipping_uploads')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('state', '=', 'sending'), eb('updated_at', '<=', now - STUCK_SENDING_SECONDS)])]))
  if (orderId !== undefined) query = query.where('order_id', '=', orderId)
  const due = await query.limit(50).execute()
  let uploaded = 0
  for (const row of due) {
    const claimed = await deps.db
      .updateTable('shipping_uploads')
      .set({ state: 'sending', attempts: Number(row.attempts) + 1, updated_at: now })
      .where('order_id', '=', row.order_id)
      .where('attempts', '=', Number(row.attempts))
      .where('state', 'in', ['pending', 'sending'])
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) continue
    if (await uploadOne(deps, row.order_id, Number(row.attempts) + 1)) uploaded += 1
  }
  return uploaded
}

async function uploadOne(deps: OrderDeps, orderId: string, attempts: number): Promise<boolean> {
  const now = deps.nowSeconds()
  const order = await deps.db
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .select(['orders.id as id', 'orders.transaction_id as transactionId', 'orders.express_company as expressCompany', 'orders.tracking_no as trackingNo', 'orders.address_json as address', 'users.openid as openid'])
    .where('orders.id', '=', orderId)
    .executeTakeFirst()
  if (order === undefined || order.expressCompany === null || order.trackingNo === null) {
    await record(deps, orderId, { state: 'failed', errcode: null, errmsg: 'order has no shipment', now })
    return false
  }
  const items = await deps.db.selectFrom('order_items').select(['title', 'spec_text', 'quantity']).where('order_id', '=', orderId).orderBy('line').execute()
  const itemDesc = items.map((i) => `${i.title}${i.spec_text === '' ? '' : ` ${i.spec_text}`}*${i.quantity}`).join('，').slice(0, 120)
  const retryOrFail = async (errcode: number | null, errmsg: string): Promise<false> => {
    const last = attempts >= MAX_UPLOAD_ATTEMPTS
    await record(deps, orderId, { state: last ? 'failed' : 'pending', errcode, errmsg, now, nextAttemptAt: now + retryDelaySeconds(attempts) })
    deps.log.warn({ orderId, errcode, attempts, gaveUp: last }, 'shipping information not uploaded yet')
    return false
  }
  try {
    const answer = await deps.shipping.upload({
      transactionId: order.transactionId,
      mchId: deps.gateway.mchId,
      outTradeNo: order.id,
      payerOpenid: order.openid,
      expressCompany: order.expressCompany,
      trackingNo: order.trackingNo,
      itemDesc: itemDesc === '' ? '商品' : itemDesc,
      receiverPhone: (JSON.parse(order.address) as { phone: string }).phone,
      nowSeconds: now,
    })
    if (answer.errcode === 0) {
      await record(deps, orderId, { state: 'uploaded', errcode: 0, errmsg: answer.errmsg, now, uploadedAt: now })
      return true
    }
    if (answer.errcode === ERRCODE_PAYMENT_NOT_INDEXED) return retryOrFail(answer.errcode, answer.errmsg)
    await record(deps, orderId, { state: 'failed', errcode: answer.errcode, errmsg: answer.errmsg, now })
    deps.log.error({ orderId, errcode: answer.errcode, errmsg: answer.errmsg }, 'WeChat refused the shipping information')
    return false
  } catch (err) {
    if (err instanceof WechatError) return retryOrFail(err.errcode ?? null, err.message)
    throw err
  }
}

async function record(
  deps: OrderDeps,
  orderId: string,
  r: { state: 'pending' | 'uploaded' | 'failed'; errcode: number | null; errmsg: string; now: number; nextAttemptAt?: number; uploadedAt?: number },
): Promise<void> {
  await deps.db
    .updateTable('shipping_uploads')
    .set({
      state: r.state,
      errcode: r.errcode,
      errmsg: r.errmsg.slice(0, 500),
      updated_at: r.now,
      ...(r.nextAttemptAt === undefined ? {} : { next_attempt_at: r.nextAttemptAt }),
      ...(r.uploadedAt === undefined ? {} : { uploaded_at: r.uploadedAt }),
    })
    .where('order_id', '=', orderId)
    .where('state', '=', 'sending')
    .execute()
}
