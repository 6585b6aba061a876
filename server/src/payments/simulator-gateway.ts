/**
 * The local pay simulator (mode 'simulator'): what the server uses when WeChat Pay is not
 * configured, as with `npm start`. It keeps its own transaction and refund records, so query,
 * close and refund answer as WeChat Pay does (a closed order cannot be paid, a paid one cannot be
 * closed, an out_refund_no refunds once). Payment happens only through `simulatePayment`, which
 * the dev route calls; it never accepts a notification, since nothing can sign one.
 */
import { randomBytes } from 'node:crypto'
import type { PaymentParams } from '../../../miniprogram/contract/order-schemas'
import { NotificationRejected, PaymentProviderError } from './payment-gateway'
import type { PaymentGateway, PrepayInput, RefundInput, RefundResult, Transaction, VerifiedNotification } from './payment-gateway'

export const SIMULATOR_APPID = 'wxsimulator00000000'
export const SIMULATOR_MCHID = '1900000000'

interface SimulatedTrade {
  input: PrepayInput
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND'
  transactionId: string | null
  successTime: string | null
  refundedFen: number
}

export class SimulatorGateway implements PaymentGateway {
  readonly mode = 'simulator' as const
  readonly appId = SIMULATOR_APPID
  readonly mchId = SIMULATOR_MCHID
  private readonly trades = new Map<string, SimulatedTrade>()
  private readonly refunds = new Map<string, RefundResult & { outTradeNo: string }>()
  private serial = 0

  constructor(private readonly nowMs: () => number = Date.now) {}

  async prepay(input: PrepayInput): Promise<{ prepayId: string }> {
    const existing = this.trades.get(input.outTradeNo)
    if (existing === undefined) {
      this.trades.set(input.outTradeNo, { input, state: 'NOTPAY', transactionId: null, successTime: null, refundedFen: 0 })
    } else if (existing.input.totalFen !== input.totalFen || existing.input.payerOpenid !== input.payerOpenid) {
      // WeChat Pay refuses a re-entry whose parameters differ from the first request.
      throw new PaymentProviderError('请求重入时，参数与首次请求时不一致', 'INVALID_REQUEST', false, 400)
    } else if (existing.state !== 'NOTPAY') {
      throw new PaymentProviderError(existing.state === 'CLOSED' ? '订单已关闭' : '该订单已支付', existing.state === 'CLOSED' ? 'ORDER_CLOSED' : 'ORDERPAID', false, 400)
    }
    this.serial += 1
    return { prepayId: `wxsim${this.serial}${randomBytes(6).toString('hex')}` }
  }

  paymentParams(prepayId: string): PaymentParams {
    return {
      mode: 'simulator',
      timeStamp: String(Math.floor(this.nowMs() / 1000)),
      nonceStr: randomBytes(12).toString('hex'),
      package: `prepay_id=${prepayId}`,
      signType: 'RSA',
      // Nothing to sign with: the mini-program shows its 模拟支付 confirm instead of wx.requestPayment.
      paySign: 'simulator',
    }
  }

  /** The shopper "pays" (dev route): NOTPAY becomes SUCCESS, within the time to pay only. */
  simulatePayment(outTradeNo: string): Transaction {
    const trade = this.trade(outTradeNo)
    if (trade.state === 'NOTPAY' && this.nowMs() / 1000 < trade.input.expireAt) {
      this.serial += 1
      trade.state = 'SUCCESS'
      trade.transactionId = `4200${String(this.serial).padStart(6, '0')}${randomBytes(6).toString('hex')}`
      trade.successTime = new Date(this.nowMs()).toISOString()
    }
    return this.transactionOf(outTradeNo, trade)
  }

  async query(outTradeNo: string): Promise<Transaction> {
    return this.transactionOf(outTradeNo, this.trade(outTradeNo))
  }

  async close(outTradeNo: string): Promise<void> {
    const trade = this.trades.get(outTradeNo)
    if (trade === undefined || trade.state === 'CLOSED') return
    if (trade.state !== 'NOTPAY') throw new PaymentProviderError('订单已支付', 'ORDERPAID', false, 400)
    trade.state = 'CLOSED'
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const known = this.refunds.get(input.outRefundNo)
    if (known !== undefined) return known
    const trade = this.trade(input.outTradeNo)
    if (trade.state !== 'SUCCESS' && trade.state !== 'REFUND') throw new PaymentProviderError('订单未支付', 'TRADE_NOT_PAID', false, 400)
    if (input.totalFen !== trade.input.totalFen || input.refundFen > trade.input.totalFen - trade.refundedFen) {
      throw new PaymentProviderError('申请退款金额超过订单可退金额', 'NOT_ENOUGH', false, 400)
    }
    trade.refundedFen += input.refundFen
    if (trade.refundedFen === trade.input.totalFen) trade.state = 'REFUND'
    this.serial += 1
    const result = { outRefundNo: input.outRefundNo, refundId: `5030${this.serial}`, status: 'SUCCESS', refundFen: input.refundFen, outTradeNo: input.outTradeNo }
    this.refunds.set(input.outRefundNo, result)
    return result
  }

  async queryRefund(outRefundNo: string): Promise<RefundResult> {
    const known = this.refunds.get(outRefundNo)
    if (known === undefined) throw new PaymentProviderError('退款单不存在', 'RESOURCE_NOT_EXISTS', false, 404)
    return known
  }

  verifyNotification(): VerifiedNotification {
    throw new NotificationRejected('signature', 'WeChat Pay is not configured: this server runs the pay simulator and accepts no notifications')
  }

  private trade(outTradeNo: string): SimulatedTrade {
    const trade = this.trades.get(outTradeNo)
    if (trade === undefined) throw new PaymentProviderError('订单不存在', 'ORDER_NOT_EXIST', false, 404)
    return trade
  }

  private transactionOf(outTradeNo: string, trade: SimulatedTrade): Transaction {
    return {
      appid: this.appId,
      mchid: this.mchId,
      outTradeNo,
      transactionId: trade.transactionId,
      tradeState: trade.state,
      totalFen: trade.input.totalFen,
      payerOpenid: trade.state === 'NOTPAY' ? null : trade.input.payerOpenid,
      successTime: trade.successTime,
    }
  }
}
