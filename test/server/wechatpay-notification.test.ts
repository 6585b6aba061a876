/**
 * Notification verification over the raw body: every rejection class the notify routes answer 4xx,
 * and good payment and refund notifications decrypted into the gateway's shapes. Notifications are
 * built by the WeChat Pay fake, signed with the test WeChat Pay keys and encrypted with the APIv3 key.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import { NotificationRejected, type VerifiedNotification } from '../../server/src/payments/payment-gateway'
import type { WechatPayGateway } from '../../server/src/payments/wechatpay-gateway'
import { encryptResource, signMessage, type BuiltNotification } from '../fakes/wechat-pay-notifications'
import { generateWechatPayKeys, type WechatPayTestKeys } from '../fakes/wechat-pay-keys'
import { startPayRig, type PayRig } from './support/wechat-pay-setup'

let keys: WechatPayTestKeys
let rig: PayRig

beforeAll(() => {
  keys = generateWechatPayKeys()
})
beforeEach(async () => {
  rig = await startPayRig(keys)
})
afterEach(() => rig.fake.close())

const OUT_TRADE_NO = 'SO20261202100001'

async function paidTransaction(): Promise<Record<string, unknown>> {
  await rig.gateway.prepay({ outTradeNo: OUT_TRADE_NO, description: '咖啡豆', totalFen: 1999, payerOpenid: 'o-shopper-1', expireAt: Math.floor(rig.clock.nowMs / 1000) + 1800 })
  return rig.fake.markPaid(OUT_TRADE_NO)
}

function verify(notification: BuiltNotification, gateway: WechatPayGateway = rig.gateway): VerifiedNotification {
  return gateway.verifyNotification(notification.headers, notification.body)
}

function rejectionOf(notification: BuiltNotification, gateway: WechatPayGateway = rig.gateway): NotificationRejected {
  try {
    const accepted = verify(notification, gateway)
    throw new Error(`expected a rejection, the notification was accepted: ${JSON.stringify(accepted)}`)
  } catch (err) {
    if (err instanceof NotificationRejected) return err
    throw err
  }
}

/** A notification with this exact body, correctly signed with the WeChat Pay public key. */
function signedBody(body: string): BuiltNotification {
  const timestamp = String(Math.floor(rig.clock.nowMs / 1000))
  const nonce = randomBytes(8).toString('hex')
  return {
    headers: {
      'wechatpay-serial': keys.wechatPay.publicKeyId,
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signMessage(`${timestamp}\n${nonce}\n${body}\n`, keys.wechatPay.privateKeyPem),
    },
    body,
  }
}

function envelope(resource: Record<string, unknown>, eventType = 'TRANSACTION.SUCCESS', originalType = 'transaction'): string {
  const nonce = randomBytes(6).toString('hex')
  return JSON.stringify({
    id: 'EV-2026120210000001',
    event_type: eventType,
    resource_type: 'encrypt-resource',
    resource: { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: encryptResource(JSON.stringify(resource), keys.apiV3Key, nonce, originalType), associated_data: originalType, nonce },
  })
}

describe('a good notification', () => {
  it('decrypts a payment into its Transaction', async () => {
    const paid = await paidTransaction()
    const notification = rig.fake.notification('transaction', paid, { id: 'EV-0001' })
    expect(verify(notification)).toEqual({
      id: 'EV-0001',
      eventType: 'TRANSACTION.SUCCESS',
      kind: 'transaction',
      transaction: {
        appid: keys.appId,
        mchid: keys.mchId,
        outTradeNo: OUT_TRADE_NO,
        transactionId: paid.transaction_id,
        tradeState: 'SUCCESS',
        totalFen: 1999,
        payerOpenid: 'o-shopper-1',
        successTime: paid.success_time,
      },
    })
  })

  it('decrypts a refund result into its refund', async () => {
    await paidTransaction()
    await rig.gateway.refund({ outTradeNo: OUT_TRADE_NO, outRefundNo: 'RF20261202100001', refundFen: 500, totalFen: 1999, reason: '退一部分' })
    const settled = rig.fake.settleRefund('RF20261202100001', 'ABNORMAL')
    expect(verify(rig.fake.notification('refund', settled, { eventType: 'REFUND.ABNORMAL' }))).toEqual({
      id: expect.stringMatching(/^EV-/),
      eventType: 'REFUND.ABNORMAL',
      kind: 'refund',
      refund: { outRefundNo: 'RF20261202100001', outTradeNo: OUT_TRADE_NO, refundId: settled.refund_id, status: 'ABNORMAL', refundFen: 500 },
    })
  })

  it('reads headers whatever their case and accepts a timestamp exactly 5 minutes old', async () => {
    const paid = await paidTransaction()
    const notification = rig.fake.notification('transaction', paid, { timestamp: Math.floor(rig.clock.nowMs / 1000) - 300 })
    const headers = Object.fromEntries(Object.entries(notification.headers).map(([k, v]) => [k.replace(/(^|-)(\w)/g, (m) => m.toUpperCase()), v]))
    expect(Object.keys(headers)).toContain('Wechatpay-Serial')
    expect(verify({ headers, body: notification.body }).kind).toBe('transaction')
  })
})

describe('rejections', () => {
  it.each<[string, Parameters<PayRig['fake']['notification']>[2], NotificationRejected['reason']]>([
    ['a body altered after signing', { tamperBody: true }, 'signature'],
    ['a WECHATPAY/SIGNTEST/ probe', { signTest: true }, 'signature'],
    ['an unknown Wechatpay-Serial', { serial: 'PUB_KEY_ID_0000000000000000000000000000' }, 'serial'],
    ['a timestamp 301 s old', { timestamp: Math.floor(Date.UTC(2026, 11, 2, 4, 0, 0) / 1000) - 301 }, 'timestamp'],
    ['a timestamp 10 minutes ahead', { timestamp: Math.floor(Date.UTC(2026, 11, 2, 4, 0, 0) / 1000) + 600 }, 'timestamp'],
    ['a resource encrypted with another APIv3 key', { apiV3Key: randomBytes(16).toString('hex') }, 'decrypt'],
    ['one flipped ciphertext byte', { flipCiphertextByte: true }, 'decrypt'],
  ])('refuses %s', async (_label, options, reason) => {
    const paid = await paidTransaction()
    expect(rejectionOf(rig.fake.notification('transaction', paid, options)).reason).toBe(reason)
  })

  it('refuses a resource whose associated data was changed and re-signed, at decryption', async () => {
    const paid = await paidTransaction()
    const good = JSON.parse(rig.fake.notification('transaction', paid).body) as { resource: Record<string, unknown> }
    good.resource.associated_data = 'certificate'
    expect(rejectionOf(signedBody(JSON.stringify(good))).reason).toBe('decrypt')
  })

  it('refuses a signature by the right key under the other key’s serial', async () => {
    const migrating = rig.gatewayWith({}, { both: true })
    const paid = await paidTransaction()
    expect(rejectionOf(rig.fake.notification('transaction', paid, { signWith: 'platform-cert', serial: keys.wechatPay.publicKeyId }), migrating).reason).toBe('signature')
  })

  it.each(['wechatpay-signature', 'wechatpay-serial', 'wechatpay-timestamp', 'wechatpay-nonce'])('refuses a notification without %s as malformed', async (name) => {
    const notification = rig.fake.notification('transaction', await paidTransaction())
    const headers: Record<string, string | string[] | undefined> = { ...notification.headers }
    delete headers[name]
    expect(rejectionOf({ headers: headers as Record<string, string>, body: notification.body }).reason).toBe('malformed')
  })

  it('refuses a repeated header and a timestamp that is not Unix seconds as malformed', async () => {
    const notification = rig.fake.notification('transaction', await paidTransaction())
    const repeated = { ...notification.headers, 'wechatpay-serial': [keys.wechatPay.publicKeyId, keys.wechatPay.publicKeyId] }
    expect(() => rig.gateway.verifyNotification(repeated, notification.body)).toThrow(expect.objectContaining({ reason: 'malformed' }))
    expect(rejectionOf({ ...notification, headers: { ...notification.headers, 'wechatpay-timestamp': '1.7e9' } }).reason).toBe('malformed')
  })

  it.each<[string, () => string]>([
    ['a body that is not JSON', () => 'not json'],
    ['an envelope without resource', () => JSON.stringify({ id: 'EV-1', event_type: 'TRANSACTION.SUCCESS' })],
    ['an envelope without id', () => JSON.stringify({ ...JSON.parse(envelope({})), id: undefined })],
    ['another algorithm', () => JSON.stringify({ id: 'EV-1', event_type: 'TRANSACTION.SUCCESS', resource: { algorithm: 'AES_128_CBC', ciphertext: 'AAAA', nonce: 'n' } })],
    ['an unknown event type', () => envelope({ appid: 'x' }, 'MARKETING.SUCCESS', 'coupon')],
    ['a decrypted transaction without amount', () => envelope({ appid: keys.appId, mchid: '1900000109', out_trade_no: OUT_TRADE_NO, transaction_id: '42', trade_state: 'SUCCESS' })],
    ['a SUCCESS transaction without transaction_id', () => envelope({ appid: keys.appId, mchid: '1900000109', out_trade_no: OUT_TRADE_NO, trade_state: 'SUCCESS', amount: { total: 1 } })],
    ['a fractional amount', () => envelope({ appid: keys.appId, mchid: '1900000109', out_trade_no: OUT_TRADE_NO, transaction_id: '42', trade_state: 'SUCCESS', amount: { total: 19.99 } })],
    ['a refund without out_refund_no', () => envelope({ out_trade_no: OUT_TRADE_NO, refund_status: 'SUCCESS', amount: { refund: 1 } }, 'REFUND.SUCCESS', 'refund')],
    ['a decrypted resource that is not an object', () => JSON.stringify({ ...JSON.parse(envelope({})), resource: { ...JSON.parse(envelope({})).resource, ciphertext: encryptResource('[1]', keys.apiV3Key, 'abc', 'transaction'), nonce: 'abc' } })],
  ])('refuses %s, correctly signed, as malformed', (_label, body) => {
    expect(rejectionOf(signedBody(body())).reason).toBe('malformed')
  })
})

describe('two verification keys during a migration', () => {
  it('verifies each notification with the key its serial names', async () => {
    const migrating = rig.gatewayWith({}, { both: true })
    const paid = await paidTransaction()
    expect(verify(rig.fake.notification('transaction', paid, { signWith: 'public-key' }), migrating).kind).toBe('transaction')
    expect(verify(rig.fake.notification('transaction', paid, { signWith: 'platform-cert' }), migrating).kind).toBe('transaction')
    // With only the public key configured, the certificate's serial is unknown.
    expect(rejectionOf(rig.fake.notification('transaction', paid, { signWith: 'platform-cert' })).reason).toBe('serial')
  })

  it('loads the platform key from its X.509 certificate when openssl could make one', async () => {
    const certPem = keys.platform.certPem
    if (certPem === null) {
      expect(certPem).toBeNull()
      return
    }
    const fromCert = rig.gatewayWith({ WECHATPAY_PLATFORM_CERT_SERIAL: keys.platform.serial, WECHATPAY_PLATFORM_CERT: certPem })
    const paid = await paidTransaction()
    expect(verify(rig.fake.notification('transaction', paid, { signWith: 'platform-cert' }), fromCert).kind).toBe('transaction')
  })
})

describe('over HTTP, as the notify route receives it', () => {
  it('verifies the exact bytes a scoped string parser keeps, non-ASCII summary included, and refuses a probe', async () => {
    const app = Fastify()
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body))
    app.post('/api/wechatpay/notify', async (request, reply) => {
      try {
        const verified = rig.gateway.verifyNotification(request.headers, typeof request.body === 'string' ? request.body : '')
        return reply.status(200).send({ kind: verified.kind, id: verified.id })
      } catch (err) {
        if (err instanceof NotificationRejected) return reply.status(401).send({ reason: err.reason })
        throw err
      }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/wechatpay/notify`
      const paid = await paidTransaction()
      const post = (n: BuiltNotification) => fetch(url, { method: 'POST', headers: n.headers, body: n.body })
      const good = rig.fake.notification('transaction', paid, { id: 'EV-HTTP-1' })
      expect(good.body).toContain('支付成功')
      const ok = await post(good)
      expect([ok.status, await ok.json()]).toEqual([200, { kind: 'transaction', id: 'EV-HTTP-1' }])
      const probe = await post(rig.fake.notification('transaction', paid, { signTest: true }))
      expect([probe.status, await probe.json()]).toEqual([401, { reason: 'signature' }])
    } finally {
      await app.close()
    }
  })
})
