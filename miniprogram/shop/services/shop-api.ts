/**
 * The buying routes of the merchant server (contract/order-schemas.ts), on top of api.ts's `call`:
 * same session, sign-in, retry and ApiError. A POST that creates something is sent once unless it
 * carries a requestId the server de-duplicates on: a network failure may hide an answer lost after
 * the server acted, and a blind retry would then create a second address or refund.
 */
import { call } from '../../services/api'
import type { GoodsDetailResponse } from '../../contract/goods-schemas'
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
} from '../../contract/order-schemas'
import type { OrderTabKey } from '../../contract/order-rules'

const orderPath = (orderId: string, tail = ''): string => `/api/orders/${encodeURIComponent(orderId)}${tail}`

/** The goods with its specs and every SKU (stock 0 = sold out). */
export function fetchGoodsDetail(goodsId: string): Promise<GoodsDetailResponse['goods']> {
  return call<GoodsDetailResponse>('GET', `/api/goods/${encodeURIComponent(goodsId)}`).then((res) => res.goods)
}

/** Keeps the address wx.chooseAddress gave on the server, for this user. */
export function saveAddress(input: AddressInput): Promise<Address> {
  return call<{ address: Address }>('POST', '/api/addresses', input, { retryNetwork: false }).then((res) => res.address)
}

export function fetchAddresses(): Promise<Address[]> {
  return call<AddressListResponse>('GET', '/api/addresses').then((res) => res.addresses)
}

/** Always carries the requestId, so retrying a lost answer gets the same order back. */
export function createOrder(request: OrderCreateRequest & { requestId: string }): Promise<Order> {
  return call<OrderResponse>('POST', '/api/orders', request).then((res) => res.order)
}

export function fetchOrder(orderId: string): Promise<Order> {
  return call<OrderResponse>('GET', orderPath(orderId)).then((res) => res.order)
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
export function cancelOrder(orderId: string): Promise<Order> {
  return call<OrderResponse>('POST', orderPath(orderId, '/cancel'), {}).then((res) => res.order)
}

export function confirmReceipt(orderId: string): Promise<Order> {
  return call<OrderResponse>('POST', orderPath(orderId, '/confirm-receipt'), {}).then((res) => res.order)
}

export function requestRefund(orderId: string, request: RefundCreateRequest): Promise<RefundResponse> {
  return call<RefundResponse>('POST', orderPath(orderId, '/refunds'), request, { retryNetwork: false })
}
