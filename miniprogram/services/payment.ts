/**
 * Paying for an order: the server's parameters into wx.requestPayment, or, when the server runs
 * without WeChat Pay (`mode: 'simulator'`), a 模拟支付 confirm completed through the dev route.
 * The outcome is only what the client saw: `paid` is never proof (the result page asks the
 * server), and WeChat reports some failures as `fail cancel`, so `cancelled` may hide one too.
 */
import { ApiError } from './api'
import { requestPaymentParams, simulatePayment } from './shop-api'
import type { PaymentParams } from '../contract/order-schemas'
import { priceLabel } from '../core/money'

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

async function simulatedPay(orderId: string, totalFen: number): Promise<PaymentResult> {
  const confirmed = await confirmSimulated(totalFen)
  await simulatePayment(orderId, confirmed ? 'success' : 'cancel')
  return confirmed ? { outcome: 'paid', message: '' } : { outcome: 'cancelled', message: '' }
}

/** Never rejects: every failure is an outcome the result page can explain. */
export async function payForOrder(orderId: string, totalFen: number): Promise<PaymentResult> {
  try {
    const params = await requestPaymentParams(orderId)
    return params.mode === 'simulator' ? await simulatedPay(orderId, totalFen) : await wechatPay(params)
  } catch (err) {
    const message = err instanceof ApiError || err instanceof Error ? err.message : '支付请求失败'
    return { outcome: 'failed', message }
  }
}
