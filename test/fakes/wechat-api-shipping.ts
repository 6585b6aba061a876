/**
 * WeChat's shipping-information API for the fake (wechat-api.ts, 小程序发货信息管理服务):
 * is_trade_managed and upload_shipping_info.
 */
import { wechatFormatError, type WechatJson } from './wechat-api-fixtures'

/** is_trade_managed: the documented body is {appid}. */
export function isTradeManaged(body: WechatJson | null, appId: string, tradeManaged: boolean): WechatJson {
  if (body?.appid !== appId) return { errcode: 40013, errmsg: 'invalid appid' }
  return { errcode: 0, errmsg: 'ok', is_trade_managed: tradeManaged }
}

/** The order a shipping upload is for, as one text, or null when order_key names none. */
function orderKeyText(key: WechatJson | undefined): string | null {
  if (key?.order_number_type === 2 && typeof key.transaction_id === 'string') return `t:${key.transaction_id}`
  if (key?.order_number_type === 1 && typeof key.mchid === 'string' && typeof key.out_trade_no === 'string') return `o:${key.mchid}:${key.out_trade_no}`
  return null
}

/**
 * upload_shipping_info (reference §12.2): order_key by transaction_id (type 2) or mchid and
 * out_trade_no (type 1), express needs tracking_no and express_company, SF needs a contact, a
 * payer openid and an upload_time are required; a payment may be shipped again once.
 * `shipped` counts the uploads each order has taken so far.
 */
export function uploadShippingInfo(body: WechatJson | null, shipped: Map<string, number>): WechatJson {
  if (body === null) return wechatFormatError()
  const keyText = orderKeyText(body.order_key as WechatJson | undefined)
  if (keyText === null) return wechatFormatError()
  if (![1, 2, 3, 4].includes(Number(body.logistics_type)) || ![1, 2].includes(Number(body.delivery_mode))) return wechatFormatError()
  const list = body.shipping_list
  if (!Array.isArray(list) || list.length === 0) return wechatFormatError()
  for (const item of list as WechatJson[]) {
    if (typeof item.item_desc !== 'string' || item.item_desc.length === 0 || item.item_desc.length > 120) return wechatFormatError()
    if (body.logistics_type === 1 && (typeof item.tracking_no !== 'string' || typeof item.express_company !== 'string')) return wechatFormatError()
    if (item.express_company === 'SF' && typeof item.contact !== 'object') return wechatFormatError()
  }
  if (typeof body.upload_time !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/.test(body.upload_time)) return wechatFormatError()
  const payer = body.payer as WechatJson | undefined
  if (typeof payer?.openid !== 'string' || payer.openid.length === 0) return { errcode: 40003, errmsg: 'invalid openid' }
  const times = shipped.get(keyText) ?? 0
  // The code WeChat answers for a payment it will not take shipping for (reference §12.2).
  if (times >= 2) return { errcode: 10060004, errmsg: '支付单处于不可发货的状态' }
  shipped.set(keyText, times + 1)
  return { errcode: 0, errmsg: 'ok' }
}
