/**
 * The buying routes of the merchant server (contract/order-schemas.ts), on top of api.ts's `call`:
 * same session, sign-in, retry and ApiError. A POST that creates something is sent once unless it
 * carries a requestId the server de-duplicates on: a network failure may hide an answer lost after
 * the server acted, and a blind retry would then create a second address or refund.
 */
import { call } from './api'
import type { GoodsDetailResponse } from '../contract/goods-schemas'
import type {
  Address,
  AddressInput,
  AddressListResponse,
  Order,
  OrderCreateRequest,
  OrderListResponse,
  OrderResponse,
  PaymentParams,
  PaymentSimulateRequest,
  RefundCreateRequest,
  RefundResponse,
} from '../contract/order-schemas'
import type { OrderTabKey } from '../contract/order-rules'

const orderPath = (orderId: string, tail = ''): string => `/api/orders/${encodeURIComponent(orderId)}${tail}`

/** The goods with its specs and every SKU (stock 0 = sold out). */
export async function fetchGoodsDetail(goodsId: string): Promise<GoodsDetailResponse['goods']> {
  const res = await call<GoodsDetailResponse>('GET', `/api/goods/${encodeURIComponent(goodsId)}`)
  return res.goods
}

/** Keeps the address wx.chooseAddress gave on the server, for this user. */
export async function saveAddress(input: AddressInput): Promise<Address> {
  const res = await call<{ address: Address }>('POST', '/api/addresses', input, { retryNetwork: false })
  return res.address
}

export async function fetchAddresses(): Promise<Address[]> {
  const res = await call<AddressListResponse>('GET', '/api/addresses')
  return res.addresses
}

/** Always carries the requestId, so retrying a lost answer gets the same order back. */
export async function createOrder(request: OrderCreateRequest & { requestId: string }): Promise<Order> {
  const res = await call<OrderResponse>('POST', '/api/orders', request)
  return res.order
}

export async function fetchOrder(orderId: string): Promise<Order> {
  const res = await call<OrderResponse>('GET', orderPath(orderId))
  return res.order
}

export function fetchOrders(tab: OrderTabKey, offset = 0, limit = 20): Promise<OrderListResponse> {
  return call<OrderListResponse>('GET', `/api/orders?state=${tab}&offset=${offset}&limit=${limit}`)
}

/** The parameters for wx.requestPayment, or `mode: 'simulator'` when the server has no WeChat Pay. */
export function requestPaymentParams(orderId: string): Promise<PaymentParams> {
  // The server reuses the order's prepay for a repeated call, so a retry creates nothing new.
  return call<PaymentParams>('POST', orderPath(orderId, '/payment'), {})
}

/** Dev mode only: completes the simulated payment. Sent once; the result page asks the server anyway. */
export function simulatePayment(orderId: string, result: PaymentSimulateRequest['result']): Promise<unknown> {
  const body: PaymentSimulateRequest = { result }
  return call<unknown>('POST', `/api/dev/payments/${encodeURIComponent(orderId)}/simulate`, body, { retryNetwork: false })
}

/** An unpaid order closes now and its stock returns (a state move: repeating it changes nothing). */
export async function cancelOrder(orderId: string): Promise<Order> {
  const res = await call<OrderResponse>('POST', orderPath(orderId, '/cancel'), {})
  return res.order
}

export async function confirmReceipt(orderId: string): Promise<Order> {
  const res = await call<OrderResponse>('POST', orderPath(orderId, '/confirm-receipt'), {})
  return res.order
}

export function requestRefund(orderId: string, request: RefundCreateRequest): Promise<RefundResponse> {
  return call<RefundResponse>('POST', orderPath(orderId, '/refunds'), request, { retryNetwork: false })
}
