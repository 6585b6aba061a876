/**
 * 小程序发货信息管理服务 (reference §12): whether the account is trade-managed (funds stay frozen
 * until shipping is uploaded and receipt confirmed), and upload_shipping_info. Both go through
 * WechatHttp with the shared access token. Without WeChat credentials (dev mode) the account is
 * not trade-managed and nothing is uploaded.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { SharedStore } from '../shared-store/shared-store'
import type { AccessTokenProvider } from './access-token'
import { WechatError, errcodeError, type WechatHttp, type WechatResponseBase } from './wechat-http'

export const IS_TRADE_MANAGED_PATH = '/wxa/sec/order/is_trade_managed'
export const UPLOAD_SHIPPING_INFO_PATH = '/wxa/sec/order/upload_shipping_info'
/** 支付单不存在: right after payment WeChat has not indexed the order yet; retry after ~10 s. */
export const ERRCODE_PAYMENT_NOT_INDEXED = 10060001

const TRADE_MANAGED_KEY = 'wechat:is_trade_managed'
const TRADE_MANAGED_TTL_SECONDS = 3600

export interface ShipmentUpload {
  /** Preferred key; without it the order is named by mchid and out_trade_no. */
  transactionId: string | null
  mchId: string
  outTradeNo: string
  payerOpenid: string
  expressCompany: string
  trackingNo: string
  /** ≤ 120 characters, e.g. 咖啡豆*2. */
  itemDesc: string
  receiverPhone: string
  nowSeconds: number
}

export interface ShippingInfo {
  /** False in dev mode: there is nothing to upload to. */
  readonly enabled: boolean
  isTradeManaged(): Promise<boolean>
  /** WeChat's errcode and errmsg (0 on success); network failures throw WechatError. */
  upload(shipment: ShipmentUpload): Promise<{ errcode: number; errmsg: string }>
}

/** Dev mode: not trade-managed, nothing uploaded. */
export const noShippingInfo: ShippingInfo = {
  enabled: false,
  isTradeManaged: async () => false,
  upload: async () => ({ errcode: 0, errmsg: 'dev mode: not uploaded' }),
}

interface TradeManagedResponse extends WechatResponseBase {
  is_trade_managed?: boolean
}

/** RFC 3339 in China time, as upload_time is documented: 2022-12-15T13:29:35.120+08:00. */
export function chinaTime(unixSeconds: number): string {
  return new Date((unixSeconds + 8 * 3600) * 1000).toISOString().replace('Z', '+08:00')
}

/** SF Express needs a contact, masked except the last four digits. */
export function maskedPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '')
  return `${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`
}

export class WechatShippingInfo implements ShippingInfo {
  readonly enabled = true

  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenProvider,
    private readonly store: SharedStore,
    private readonly appId: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  async isTradeManaged(): Promise<boolean> {
    const cached = await this.store.get(TRADE_MANAGED_KEY)
    if (cached !== null) return cached === 'true'
    try {
      const managed = await this.tokens.withToken(async (token) => {
        const res = await this.http.request<TradeManagedResponse>({ method: 'POST', path: IS_TRADE_MANAGED_PATH, query: { access_token: token }, body: { appid: this.appId } })
        if ((res.errcode ?? 0) !== 0 || typeof res.is_trade_managed !== 'boolean') throw errcodeError(IS_TRADE_MANAGED_PATH, res)
        return res.is_trade_managed
      })
      await this.store.set(TRADE_MANAGED_KEY, String(managed), TRADE_MANAGED_TTL_SECONDS)
      return managed
    } catch (err) {
      // Not cached: the next order asks again. Our own receipt button works either way.
      this.log.warn({ err: err instanceof WechatError ? err.message : String(err) }, 'is_trade_managed failed; treating the account as not trade-managed for now')
      return false
    }
  }

  upload(shipment: ShipmentUpload): Promise<{ errcode: number; errmsg: string }> {
    const orderKey =
      shipment.transactionId !== null
        ? { order_number_type: 2, transaction_id: shipment.transactionId }
        : { order_number_type: 1, mchid: shipment.mchId, out_trade_no: shipment.outTradeNo }
    const item: Record<string, unknown> = { tracking_no: shipment.trackingNo, express_company: shipment.expressCompany, item_desc: shipment.itemDesc.slice(0, 120) }
    if (shipment.expressCompany === 'SF') item.contact = { receiver_contact: maskedPhone(shipment.receiverPhone) }
    const body = {
      order_key: orderKey,
      logistics_type: 1,
      delivery_mode: 1,
      shipping_list: [item],
      upload_time: chinaTime(shipment.nowSeconds),
      payer: { openid: shipment.payerOpenid },
    }
    return this.tokens.withToken(async (token) => {
      const res = await this.http.request<WechatResponseBase>({ method: 'POST', path: UPLOAD_SHIPPING_INFO_PATH, query: { access_token: token }, body })
      const errcode = res.errcode ?? 0
      // 40001/42001 must reach withToken, which refreshes the token and calls once more.
      if (errcode === 40001 || errcode === 42001) throw errcodeError(UPLOAD_SHIPPING_INFO_PATH, res)
      return { errcode, errmsg: res.errmsg ?? '' }
    })
  }
}
