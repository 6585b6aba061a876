/** Every buying route answers bad input 4xx {error, message, field} naming the field, never 500. */
import type { LoginResponse } from '../../miniprogram/core/api-types'
import { addressOf, goodsWithSkus, payOrder, placeOrder, ADDRESS } from './support/buying-fixtures'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('buying routes refuse bad input naming the field', () => {
  let server: TestServer
  let admin: LoginResponse
  let shopper: LoginResponse
  let skuId = ''
  let addressId = ''
  let orderId = ''
  let paidId = ''

  beforeAll(async () => {
    server = await createTestServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '100000' } })
    admin = await server.signIn('bad-admin', 'admin')
    shopper = await server.signIn('bad-shopper')
    const goods = await goodsWithSkus(server, admin)
    skuId = goods.skus[0]?.id ?? ''
    addressId = (await addressOf(server, shopper)).id
    orderId = (await placeOrder(server, shopper, [{ skuId, quantity: 1 }])).id
    paidId = (await payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId, quantity: 1 }])).id)).id
  })
  afterAll(() => server.close())

  type Case = [string, () => { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: unknown; rawBody?: string; as?: 'admin' | 'anonymous' }, number, string | undefined]
  const order = (over: Record<string, unknown>) => ({ items: [{ skuId, quantity: 1 }], addressId, ...over })
  const cases: Case[] = [
    ['address without a name', () => ({ method: 'POST', url: '/api/addresses', payload: { ...ADDRESS, name: undefined } }), 400, 'name'],
    ['address with letters in the phone', () => ({ method: 'POST', url: '/api/addresses', payload: { ...ADDRESS, phone: 'call me' } }), 400, 'phone'],
    ['address with a numeric phone', () => ({ method: 'POST', url: '/api/addresses', payload: { ...ADDRESS, phone: 13800001234 } }), 400, 'phone'],
    ['address with an unknown field', () => ({ method: 'POST', url: '/api/addresses', payload: { ...ADDRESS, isDefault: true } }), 400, 'isDefault'],
    ['address with a huge detail', () => ({ method: 'POST', url: '/api/addresses', payload: { ...ADDRESS, detail: '号'.repeat(201) } }), 400, 'detail'],
    ['address delete with a bad ID', () => ({ method: 'DELETE', url: '/api/addresses/a%20b' }), 400, 'id'],
    ['order with no items', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [] }) }), 400, 'items'],
    ['order with quantity 0', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId, quantity: 0 }] }) }), 400, 'quantity'],
    ['order with a fractional quantity', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId, quantity: 1.5 }] }) }), 400, 'quantity'],
    ['order with a string quantity', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId, quantity: '1' }] }) }), 400, 'quantity'],
    ['order with an extreme quantity', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId, quantity: 1e308 }] }) }), 400, 'quantity'],
    ['order with a price from the client', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId, quantity: 1, priceFen: 1 }] }) }), 400, 'priceFen'],
    ['order with a SKU listed twice', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId, quantity: 1 }, { skuId, quantity: 1 }] }) }), 400, 'items'],
    ['order with an unknown SKU', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId: 'sku_nope', quantity: 1 }] }) }), 400, 'skuId'],
    ['order with a bad SKU ID', () => ({ method: 'POST', url: '/api/orders', payload: order({ items: [{ skuId: '../x', quantity: 1 }] }) }), 400, 'skuId'],
    ['order with someone else’s address', () => ({ method: 'POST', url: '/api/orders', payload: order({ addressId: 'addr_nope' }) }), 400, 'addressId'],
    ['order in an unknown room', () => ({ method: 'POST', url: '/api/orders', payload: order({ roomId: 'room_nope' }) }), 400, 'roomId'],
    ['order with a short requestId', () => ({ method: 'POST', url: '/api/orders', payload: order({ requestId: 'abc' }) }), 400, 'requestId'],
    ['order with a long note', () => ({ method: 'POST', url: '/api/orders', payload: order({ note: 'x'.repeat(201) }) }), 400, 'note'],
    ['order with malformed JSON', () => ({ method: 'POST', url: '/api/orders', rawBody: '{"items": [' }), 400, 'body'],
    ['order with a lone surrogate in the note', () => ({ method: 'POST', url: '/api/orders', rawBody: JSON.stringify(order({ note: 'MARK' })).replace('MARK', '\\ud800') }), 400, 'note'],
    ['address with a lone surrogate', () => ({ method: 'POST', url: '/api/addresses', rawBody: JSON.stringify({ ...ADDRESS, city: 'MARK' }).replace('MARK', '\\udfff') }), 400, 'city'],
    ['order signed out', () => ({ method: 'POST', url: '/api/orders', payload: order({}), as: 'anonymous' }), 401, 'authorization'],
    ['order list with an unknown state', () => ({ method: 'GET', url: '/api/orders?state=lost' }), 400, 'state'],
    ['order list with a huge limit', () => ({ method: 'GET', url: '/api/orders?limit=1000' }), 400, 'limit'],
    ['order list with an unknown parameter', () => ({ method: 'GET', url: '/api/orders?page=2' }), 400, 'page'],
    ['order with a bad ID', () => ({ method: 'GET', url: '/api/orders/a%20b' }), 400, 'id'],
    ['order unknown', () => ({ method: 'GET', url: '/api/orders/o_nope' }), 404, undefined],
    ['payment of an unknown order', () => ({ method: 'POST', url: '/api/orders/o_nope/payment' }), 404, undefined],
    ['payment of a paid order', () => ({ method: 'POST', url: `/api/orders/${paidId}/payment` }), 409, 'id'],
    ['cancel with malformed percent-encoding', () => ({ method: 'POST', url: '/api/orders/%E0%A4%A/cancel' }), 400, 'url'],
    ['cancel with a bad ID', () => ({ method: 'POST', url: '/api/orders/a%20b/cancel' }), 400, 'id'],
    ['confirm receipt of an unpaid order', () => ({ method: 'POST', url: `/api/orders/${orderId}/confirm-receipt` }), 409, 'id'],
    ['refund without a reason', () => ({ method: 'POST', url: `/api/orders/${paidId}/refunds`, payload: {} }), 400, 'reason'],
    ['refund of 0 fen', () => ({ method: 'POST', url: `/api/orders/${paidId}/refunds`, payload: { reason: 'x', amountFen: 0 } }), 400, 'amountFen'],
    ['refund of an enormous amount', () => ({ method: 'POST', url: `/api/orders/${paidId}/refunds`, payload: { reason: 'x', amountFen: 1e15 } }), 400, 'amountFen'],
    ['refund with a long reason', () => ({ method: 'POST', url: `/api/orders/${paidId}/refunds`, payload: { reason: 'x'.repeat(81) } }), 400, 'reason'],
    ['approve an unknown refund', () => ({ method: 'POST', url: '/api/refunds/rf_nope/approve', as: 'admin' }), 404, undefined],
    ['reject without a reason', () => ({ method: 'POST', url: '/api/refunds/rf_nope/reject', payload: {}, as: 'admin' }), 400, 'reason'],
    ['ship without a tracking number', () => ({ method: 'POST', url: `/api/orders/${paidId}/ship`, payload: { expressCompany: 'SF' }, as: 'admin' }), 400, 'trackingNo'],
    ['ship with a bad courier code', () => ({ method: 'POST', url: `/api/orders/${paidId}/ship`, payload: { expressCompany: '顺丰', trackingNo: '1' }, as: 'admin' }), 400, 'expressCompany'],
    ['ship an unpaid order', () => ({ method: 'POST', url: `/api/orders/${orderId}/ship`, payload: { expressCompany: 'SF', trackingNo: '1' }, as: 'admin' }), 409, 'id'],
    ['admin orders from a string time', () => ({ method: 'GET', url: '/api/admin/orders?from=yesterday', as: 'admin' }), 400, 'from'],
    ['admin orders with an unknown state', () => ({ method: 'GET', url: '/api/admin/orders?state=x', as: 'admin' }), 400, 'state'],
    ['sales by an unknown key', () => ({ method: 'GET', url: '/api/admin/sales?by=day', as: 'admin' }), 400, 'by'],
    ['sales without a key', () => ({ method: 'GET', url: '/api/admin/sales', as: 'admin' }), 400, 'by'],
    ['share of nothing', () => ({ method: 'POST', url: '/api/shares', payload: {} }), 400, 'body'],
    ['share of an unknown room', () => ({ method: 'POST', url: '/api/shares', payload: { roomId: 'room_nope' } }), 400, 'roomId'],
    ['share with a bad goods ID', () => ({ method: 'POST', url: '/api/shares', payload: { goodsId: 'a b' } }), 400, 'goodsId'],
    ['simulate with an unknown result', () => ({ method: 'POST', url: `/api/dev/payments/${orderId}/simulate`, payload: { result: 'maybe' } }), 400, 'result'],
    ['simulate with a bad order ID', () => ({ method: 'POST', url: '/api/dev/payments/a%20b/simulate', payload: { result: 'success' } }), 400, 'orderId'],
    ['notification without a body', () => ({ method: 'POST', url: '/api/wechatpay/notify', rawBody: '', as: 'anonymous' }), 401, 'wechatpay-signature'],
  ]

  it.each(cases)('%s', async (_name, make, status, field) => {
    const req = make()
    const headers = req.as === 'anonymous' ? {} : bearer(req.as === 'admin' ? admin : shopper)
    const res = await server.request({ method: req.method, url: req.url, payload: req.payload, rawBody: req.rawBody, headers })
    let body: { error?: unknown; message?: unknown; field?: unknown } = {}
    try {
      body = res.json()
    } catch {
      body = { error: `not JSON: ${res.body.slice(0, 80)}` }
    }
    expect({ status: res.statusCode, field: status >= 400 ? body.field : undefined }).toEqual({ status, field })
    if (status >= 400) expect([typeof body.error, typeof body.message]).toEqual(['string', 'string'])
  })
})
