/**
 * Paying for an order: the server's parameters into wx.requestPayment, or, when the server runs
 * without WeChat Pay (`mode: 'simulator'`), a 模拟支付 confirm completed through the dev route.
 * The outcome is only what the client saw: `paid` is never proof (the result page asks the
 * server), and WeChat reports some failures as `fail cancel`, so `cancelled` may hide one too.
 */
import { requestPaymentParams, simulatePayment } from './shop-api'
import type { PaymentParams } from '../../contract/order-schemas'
import { priceLabel } from '../../core/money'

export type PaymentOutcome = 'paid' | 'cancelled' | 'failed'

export interface PaymentResult {
  outcome: PaymentOutcome
  /** Why it failed, in words for the shopper ('' unless failed). */
  message: string
}

function wechatPay(params: PaymentParams): Promise<PaymentResult> {
  return new Promise((resolve) => {
    wx.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType,
      paySign: params.paySign,
      success: () => resolve({ outcome: 'paid', message: '' }),
      fail: (err) => {
        const errMsg = err.errMsg ?? ''
        if (/fail cancel/.test(errMsg)) resolve({ outcome: 'cancelled', message: '' })
        else resolve({ outcome: 'failed', message: `支付未完成（${errMsg.replace(/^requestPayment:fail\s*/, '') || '未知原因'}）` })
      },
    })
  })
}

function confirmSimulated(totalFen: number): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: '模拟支付',
      content: `开发模式：服务器未接入微信支付。确认支付 ${priceLabel(totalFen)}？`,
      confirmText: '支付',
      cancelText: '取消',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    })
  })
}

function simulatedPay(orderId: string, totalFen: number): Promise<PaymentResult> {
  return confirmSimulated(totalFen).then((confirmed) =>
    simulatePayment(orderId, confirmed ? 'success' : 'cancel').then((): PaymentResult => ({ outcome: confirmed ? 'paid' : 'cancelled', message: '' })),
  )
}

/** Never rejects: every failure is an outcome the result page can explain. */
export function payForOrder(orderId: string, totalFen: number): Promise<PaymentResult> {
  return requestPaymentParams(orderId)
    .then((params) => (params.mode === 'simulator' ? simulatedPay(orderId, totalFen) : wechatPay(params)))
    .catch((err: unknown): PaymentResult => ({ outcome: 'failed', message: err instanceof Error && err.message ? err.message : '支付请求失败' }))
}
