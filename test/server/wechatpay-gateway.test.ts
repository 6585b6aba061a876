/**
 * The WeChat Pay gateway (wechatpay-axios-plugin underneath) against the loopback APIv3 fake:
 * signed requests, verified answers, the paySign, query/close/refund mapping and the failures.
 */
import { createPublicKey, verify } from 'node:crypto'
import { PaymentProviderError } from '../../server/src/payments/payment-gateway'
import { chinaRfc3339, wechatPayGatewayFor } from '../../server/src/payments/wechatpay-gateway'
import { loadConfig } from '../../server/src/config'
import { generateWechatPayKeys, rsaPair, type WechatPayTestKeys } from '../fakes/wechat-pay-keys'
import { BASE_ENV, startPayRig, type PayRig } from './support/wechat-pay-setup'

let keys: WechatPayTestKeys
let rig: PayRig

beforeAll(() => {
  keys = generateWechatPayKeys()
})
beforeEach(async () => {
  rig = await startPayRig(keys)
})
afterEach(() => rig.fake.close())

const OPENID = 'o-shopper-1'
const prepayInput = (outTradeNo: string, totalFen = 1999) => ({
  outTradeNo,
  description: '咖啡豆 250g ×1',
  totalFen,
  payerOpenid: OPENID,
  expireAt: Math.floor(rig.clock.nowMs / 1000) + 1800,
})

async function failureOf(promise: Promise<unknown>): Promise<PaymentProviderError> {
  const err = await promise.then(
    (value) => new Error(`expected a PaymentProviderError, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  )
  if (!(err instanceof PaymentProviderError)) throw err
  return err
}

async function paidOrder(outTradeNo: string, totalFen = 1999): Promise<void> {
  await rig.gateway.prepay(prepayInput(outTradeNo, totalFen))
  rig.fake.markPaid(outTradeNo)
}

describe('prepay', () => {
  it('sends the documented JSAPI order, signed so the fake accepts it', async () => {
    const input = { ...prepayInput('SO20261202000001'), attach: 'order:1' }
    const { prepayId } = await rig.gateway.prepay(input)
    const [call] = rig.fake.callsTo('jsapi')
    expect(call).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/jsapi', authorized: true, status: 200 })
    expect(call?.body).toEqual({
      appid: keys.appId,
      mchid: keys.mchId,
      description: '咖啡豆 250g ×1',
      out_trade_no: 'SO20261202000001',
      time_expire: chinaRfc3339(input.expireAt),
      attach: 'order:1',
      notify_url: 'https://shop.example.com/api/wechatpay/notify',
      amount: { total: 1999, currency: 'CNY' },
      payer: { openid: OPENID },
    })
    expect(rig.fake.orders.get('SO20261202000001')?.prepayIds).toEqual([prepayId])
  })

  it('writes time_expire in China time', () => {
    expect(chinaRfc3339(Date.UTC(2026, 11, 2, 4, 30, 5) / 1000)).toBe('2026-12-02T12:30:05+08:00')
  })

  it('cuts a description to the 127 characters WeChat Pay allows', async () => {
    await rig.gateway.prepay({ ...prepayInput('SO20261202000002'), description: '好'.repeat(200) })
    expect(Array.from(String(rig.fake.callsTo('jsapi')[0]?.body?.description))).toHaveLength(127)
  })

  it('gets a fresh prepay_id for the same order again, and 268498688 when the parameters changed', async () => {
    const first = await rig.gateway.prepay(prepayInput('SO20261202000003'))
    const again = await rig.gateway.prepay(prepayInput('SO20261202000003'))
    expect(again.prepayId).not.toBe(first.prepayId)
    const err = await failureOf(rig.gateway.prepay(prepayInput('SO20261202000003', 2999)))
    expect(err).toMatchObject({ code: 'INVALID_REQUEST', retryable: false, httpStatus: 400 })
    expect(err.message).toContain('268498688')
  })

  it('is refused with 401 when the request is signed with a key that is not the merchant key', async () => {
    const impostor = rig.gatewayWith({ WECHATPAY_MERCHANT_PRIVATE_KEY: rsaPair().privateKeyPem })
    const err = await failureOf(impostor.prepay(prepayInput('SO20261202000004')))
    expect(err).toMatchObject({ code: 'SIGN_ERROR', httpStatus: 401, retryable: false })
    expect(rig.fake.callsTo('jsapi')[0]?.authorized).toBe(false)
    expect(rig.fake.orders.size).toBe(0)
  })

  it('logs the Request-ID of every answer and no key material', async () => {
    await rig.gateway.prepay(prepayInput('SO20261202000005'))
    await failureOf(rig.gateway.query('SO-NOT-THERE'))
    const entries = rig.logs.map((l) => JSON.parse(l) as { msg: string; wechatpay?: { op: string; requestId: string | null; code?: string } })
    const prepayLog = entries.find((e) => e.wechatpay?.op === 'prepay')
    const queryLog = entries.find((e) => e.wechatpay?.op === 'query')
    expect(prepayLog?.wechatpay?.requestId).toMatch(/^08[0-9A-F]{16}-0$/)
    expect(queryLog?.wechatpay).toMatchObject({ code: 'ORDER_NOT_EXIST', requestId: expect.stringMatching(/-268512771$/) })
    const all = rig.logs.join('\n')
    expect(all).not.toContain(keys.apiV3Key)
    expect(all).not.toContain(keys.merchant.privateKeyPem.split('\n')[1])
  })
})

describe('the fake itself', () => {
  it('answers 401 to a request without a merchant signature, and signs that answer too', async () => {
    const res = await fetch(`${rig.fake.baseUrl}/v3/pay/transactions/jsapi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ code: 'SIGN_ERROR', message: '签名错误' })
    expect(res.headers.get('request-id')).toMatch(/-268443699$/)
    expect(res.headers.get('wechatpay-serial')).toBe(keys.wechatPay.publicKeyId)
    expect(rig.fake.ledger).toEqual([expect.objectContaining({ route: 'jsapi', authorized: false, status: 401 })])
  })
})

describe('answers verified by the plugin', () => {
  it('rejects an answer whose signature does not verify', async () => {
    rig.fake.injectFault('jsapi', { kind: 'bad-signature' })
    const err = await failureOf(rig.gateway.prepay(prepayInput('SO20261202000010')))
    expect(err).toMatchObject({ code: 'EV3_RES_HEADER_SIGNATURE_DIGEST', retryable: false })
    expect(err.message).toMatch(/outcome is unknown/)
  })

  it('rejects an answer signed under a serial it was not given, and accepts it with both keys configured', async () => {
    rig.fake.answerSignedWith = 'platform-cert'
    const err = await failureOf(rig.gateway.prepay(prepayInput('SO20261202000011')))
    expect(err.code).toBe('EV3_RES_HEADER_PLATFORM_SERIAL')
    const migrating = rig.gatewayWith({}, { both: true })
    await expect(migrating.prepay(prepayInput('SO20261202000012'))).resolves.toEqual({ prepayId: expect.stringMatching(/^wx\d{34}$/) })
    rig.fake.answerSignedWith = 'public-key'
    await expect(migrating.query('SO20261202000012')).resolves.toMatchObject({ tradeState: 'NOTPAY' })
  })
})

describe('paymentParams', () => {
  it('signs appId, timeStamp, nonceStr and package with the merchant key, as wx.requestPayment wants', async () => {
    const { prepayId } = await rig.gateway.prepay(prepayInput('SO20261202000020'))
    const params = rig.gateway.paymentParams(prepayId)
    expect(params).toMatchObject({ mode: 'wechatpay', signType: 'RSA', package: `prepay_id=${prepayId}`, timeStamp: String(Math.floor(rig.clock.nowMs / 1000)) })
    expect(params.nonceStr).toMatch(/^[0-9A-Za-z]{32}$/)
    const message = `${keys.appId}\n${params.timeStamp}\n${params.nonceStr}\nprepay_id=${prepayId}\n`
    const merchantPublic = createPublicKey(keys.merchant.publicKeyPem)
    expect(verify('sha256', Buffer.from(message), merchantPublic, Buffer.from(params.paySign, 'base64'))).toBe(true)
    // Without the trailing line feed (a common mistake) the same signature does not verify.
    expect(verify('sha256', Buffer.from(message.slice(0, -1)), merchantPublic, Buffer.from(params.paySign, 'base64'))).toBe(false)
  })
})

describe('query and close', () => {
  it('reads NOTPAY, then SUCCESS with the transaction ID once paid', async () => {
    await rig.gateway.prepay(prepayInput('SO20261202000030'))
    await expect(rig.gateway.query('SO20261202000030')).resolves.toEqual({
      appid: keys.appId,
      mchid: keys.mchId,
      outTradeNo: 'SO20261202000030',
      transactionId: null,
      tradeState: 'NOTPAY',
      totalFen: 1999,
      payerOpenid: null,
      successTime: null,
    })
    const paid = rig.fake.markPaid('SO20261202000030')
    await expect(rig.gateway.query('SO20261202000030')).resolves.toMatchObject({ tradeState: 'SUCCESS', transactionId: paid.transaction_id, payerOpenid: OPENID, successTime: paid.success_time })
    expect(rig.fake.callsTo('query').map((c) => c.url)).toEqual([`/v3/pay/transactions/out-trade-no/SO20261202000030?mchid=${keys.mchId}`, `/v3/pay/transactions/out-trade-no/SO20261202000030?mchid=${keys.mchId}`])
  })

  it('signs the path of an out_trade_no with | and * as it is sent', async () => {
    await rig.gateway.prepay(prepayInput('SO|2026*12-02_a'))
    await expect(rig.gateway.query('SO|2026*12-02_a')).resolves.toMatchObject({ outTradeNo: 'SO|2026*12-02_a', tradeState: 'NOTPAY' })
    await rig.gateway.close('SO|2026*12-02_a')
    expect(rig.fake.ledger.map((c) => [c.url, c.authorized])).toEqual([
      ['/v3/pay/transactions/jsapi', true],
      [`/v3/pay/transactions/out-trade-no/SO%7C2026*12-02_a?mchid=${keys.mchId}`, true],
      ['/v3/pay/transactions/out-trade-no/SO%7C2026*12-02_a/close', true],
    ])
  })

  it('reports an unknown order as ORDER_NOT_EXIST', async () => {
    await expect(failureOf(rig.gateway.query('SO-NOT-THERE'))).resolves.toMatchObject({ code: 'ORDER_NOT_EXIST', httpStatus: 404, retryable: false })
  })

  it('closes an unpaid order, and closing it again is not an error', async () => {
    await rig.gateway.prepay(prepayInput('SO20261202000031'))
    await rig.gateway.close('SO20261202000031')
    await rig.gateway.close('SO20261202000031')
    expect(rig.fake.orders.get('SO20261202000031')?.state).toBe('CLOSED')
    expect(rig.fake.callsTo('close').map((c) => [c.body, c.status])).toEqual([
      [{ mchid: keys.mchId }, 204],
      [{ mchid: keys.mchId }, 204],
    ])
    rig.fake.injectFault('close', { kind: 'http', status: 400, code: 'ORDER_CLOSED', message: '订单已关闭', errorCode: 268447914 })
    await expect(rig.gateway.close('SO20261202000031')).resolves.toBeUndefined()
  })

  it('refuses to close a paid order with ORDERPAID, by its code or by the Request-ID suffix alone', async () => {
    await paidOrder('SO20261202000032')
    await expect(failureOf(rig.gateway.close('SO20261202000032'))).resolves.toMatchObject({ code: 'ORDERPAID', httpStatus: 400, retryable: false })
    rig.fake.injectFault('close', { kind: 'http', status: 400, code: 'INVALID_REQUEST', message: '订单已支付', errorCode: 268498689 })
    await expect(failureOf(rig.gateway.close('SO20261202000032'))).resolves.toMatchObject({ code: 'ORDERPAID' })
    expect(rig.fake.orders.get('SO20261202000032')?.state).toBe('SUCCESS')
  })
})

describe('refunds', () => {
  const refundInput = (outRefundNo: string, refundFen = 999) => ({ outTradeNo: 'SO20261202000040', outRefundNo, refundFen, totalFen: 1999, reason: '不想要了' })

  it('asks for the documented refund and reads it back', async () => {
    await paidOrder('SO20261202000040')
    const result = await rig.gateway.refund(refundInput('RF20261202000040'))
    expect(result).toEqual({ outRefundNo: 'RF20261202000040', refundId: expect.stringMatching(/^50\d{30}$/), status: 'PROCESSING', refundFen: 999 })
    expect(rig.fake.callsTo('refund')[0]?.body).toEqual({
      out_trade_no: 'SO20261202000040',
      out_refund_no: 'RF20261202000040',
      reason: '不想要了',
      notify_url: 'https://shop.example.com/api/wechatpay/refund-notify',
      amount: { refund: 999, total: 1999, currency: 'CNY' },
    })
    rig.fake.settleRefund('RF20261202000040')
    await expect(rig.gateway.queryRefund('RF20261202000040')).resolves.toEqual({ ...result, status: 'SUCCESS' })
  })

  it('refunds once when a refund is retried with the same out_refund_no after an unreadable answer and a timeout', async () => {
    await paidOrder('SO20261202000040')
    rig.fake.injectFault('refund', { kind: 'bad-signature' })
    expect((await failureOf(rig.gateway.refund(refundInput('RF20261202000041')))).code).toBe('EV3_RES_HEADER_SIGNATURE_DIGEST')
    rig.fake.injectFault('refund', { kind: 'timeout' })
    const timedOut = await failureOf(rig.gatewayWith({ WECHATPAY_TIMEOUT_MS: '200' }).refund(refundInput('RF20261202000041')))
    expect(timedOut).toMatchObject({ code: 'TIMEOUT', retryable: true })
    const retried = await rig.gateway.refund(refundInput('RF20261202000041'))
    const again = await rig.gateway.refund(refundInput('RF20261202000041'))
    expect(again.refundId).toBe(retried.refundId)
    expect(rig.fake.callsTo('refund')).toHaveLength(4)
    expect(rig.fake.refunds.get('RF20261202000041')?.refundFen).toBe(999)
    expect([...rig.fake.refunds.keys()]).toEqual(['RF20261202000041'])
    // A second partial refund for the rest is a new refund; a third over the total is refused.
    await rig.gateway.refund(refundInput('RF20261202000042', 1000))
    const over = await failureOf(rig.gateway.refund(refundInput('RF20261202000043', 1)))
    expect(over).toMatchObject({ code: 'NOT_ENOUGH', retryable: false, httpStatus: 403 })
  })

  it('reports an unknown refund', async () => {
    await expect(failureOf(rig.gateway.queryRefund('RF-NOT-THERE'))).resolves.toMatchObject({ code: 'RESOURCE_NOT_EXISTS', httpStatus: 404 })
  })
})

describe('provider failures', () => {
  it.each([
    ['a 500', { kind: 'http', status: 500 } as const, { code: 'SYSTEM_ERROR', httpStatus: 500, retryable: true }],
    ['a 503', { kind: 'http', status: 503, code: 'SYSTEM_ERROR' } as const, { code: 'SYSTEM_ERROR', httpStatus: 503, retryable: true }],
    ['the frequency limit', { kind: 'frequency' } as const, { code: 'FREQUENCY_LIMITED', httpStatus: 429, retryable: true }],
    ['a 400 parameter error', { kind: 'http', status: 400, code: 'PARAM_ERROR', errorCode: 268435461 } as const, { code: 'PARAM_ERROR', httpStatus: 400, retryable: false }],
  ])('maps %s', async (_label, fault, expected) => {
    rig.fake.injectFault('jsapi', fault)
    await expect(failureOf(rig.gateway.prepay(prepayInput('SO20261202000050')))).resolves.toMatchObject(expected)
  })

  it('treats 268447840 in the Request-ID as the frequency limit even under another status', async () => {
    rig.fake.injectFault('query', { kind: 'http', status: 403, code: 'INVALID_REQUEST', errorCode: 268447840 })
    await expect(failureOf(rig.gateway.query('SO20261202000051'))).resolves.toMatchObject({ retryable: true, httpStatus: 403 })
  })

  it('gives up on an unanswered call after WECHATPAY_TIMEOUT_MS, as a retryable timeout', async () => {
    const quick = rig.gatewayWith({ WECHATPAY_TIMEOUT_MS: '200' })
    rig.fake.injectFault('jsapi', { kind: 'timeout' })
    await expect(failureOf(quick.prepay(prepayInput('SO20261202000052')))).resolves.toMatchObject({ code: 'TIMEOUT', retryable: true, httpStatus: null })
  })

  it('reports a refused connection as a retryable network failure', async () => {
    await rig.fake.close()
    await expect(failureOf(rig.gateway.query('SO20261202000053'))).resolves.toMatchObject({ code: 'NETWORK', retryable: true })
    rig = await startPayRig(keys)
  })

  it('is not built without WeChat Pay configuration', () => {
    expect(wechatPayGatewayFor(loadConfig({ ...BASE_ENV, WECHAT_APPID: keys.appId }), { nowMs: Date.now, log: rig.log })).toBeNull()
  })
})
