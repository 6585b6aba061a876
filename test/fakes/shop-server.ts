/**
 * The buying routes of the merchant server as the mini-program sees them (contract/order-schemas.ts),
 * answered through the FakeServer's wx.request handler: addresses, orders, payment (WeChat Pay or
 * the dev simulator), cancel, receipt, refunds. Shapes are the contract's; orders move only along
 * ORDER_TRANSITIONS; bad input answers 4xx `{error, message, field}`. What the contract does not
 * state (the server's pricing rules beyond price × quantity, its WeChat checks) is not imitated.
 */
import type { GoodsDetail, Sku, SpecDimension } from '../../miniprogram/contract/goods-schemas'
import type { Address, AddressInput, Order, PaymentParams, Refund } from '../../miniprogram/contract/order-schemas'
import { canMove, ORDER_RULES, ORDER_TABS, type OrderState } from '../../miniprogram/contract/order-rules'
import { specText } from '../../miniprogram/contract/goods-rules'
import type { FakeServer, ServerRequest } from './server-api'
import type { WxRequestAnswer } from './wx'

type Answer = { statusCode: number; data: unknown }
const ok = (data: unknown, statusCode = 200): Answer => ({ statusCode, data })
const bad = (statusCode: number, error: string, message: string, field?: string): Answer => ({
  statusCode,
  data: field ? { error, message, field } : { error, message },
})
const ID = /^[A-Za-z0-9_-]{1,64}$/

/** A goods with every combination of its spec values as a SKU (price, stock and limit per SKU from `over`). */
export function makeGoodsDetail(id: string, specs: SpecDimension[], over: (values: string[]) => Partial<Sku> = () => ({})): GoodsDetail {
  const combos = specs.reduce<string[][]>((acc, dim) => acc.flatMap((c) => dim.values.map((v) => [...c, v])), [[]])
  const skus: Sku[] = combos.map((values, i) => ({
    id: `${id}-sku${i + 1}`,
    goodsId: id,
    specValues: values,
    priceFen: 1990,
    stock: 10,
    image: null,
    limitPerOrder: null,
    ...over(values),
  }))
  return withTotals({
    id,
    title: `商品 ${id}`,
    images: [`https://cdn.example.com/goods/${id}.jpg`],
    priceFen: 0,
    priceMaxFen: 0,
    stock: 0,
    status: 'on_sale',
    specs,
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    skus,
  })
}

function withTotals(goods: GoodsDetail): GoodsDetail {
  const prices = goods.skus.map((s) => s.priceFen)
  return { ...goods, priceFen: Math.min(...prices), priceMaxFen: Math.max(...prices), stock: goods.skus.reduce((n, s) => n + s.stock, 0) }
}

export class ShopServer {
  /** 'simulator': the server runs without WeChat Pay (npm start); 'wechatpay': real parameters. */
  payMode: PaymentParams['mode'] = 'simulator'
  confirmReceiptVia: Order['confirmReceiptVia'] = 'merchant'
  now = 1_700_000_000
  readonly orders = new Map<string, Order & { userId: string }>()
  private readonly addresses = new Map<string, Address & { userId: string }>()
  private readonly byRequestId = new Map<string, string>()
  private serial = 0

  constructor(private readonly server: FakeServer) {
    server.extraRoutes.push((req, userId) => this.answer(req, userId))
  }

  addGoods(...goods: GoodsDetail[]): void {
    for (const g of goods) this.server.goods.set(g.id, withTotals(g))
  }

  goods(id: string): GoodsDetail | undefined {
    return this.server.goods.get(id) as GoodsDetail | undefined
  }

  /** An order the user placed earlier, through the same route the app uses (address included). */
  seedOrder(userId: string, skuId: string, quantity = 1): Order {
    const address = this.addAddress({ name: '李四', phone: '13900139000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 2 号' }, userId)
    const addressId = (address.data as { address: Address }).address.id
    const created = this.createOrder({ items: [{ skuId, quantity }], addressId }, userId)
    if (created.statusCode !== 201) throw new Error(`seedOrder: ${JSON.stringify(created.data)}`)
    return (created.data as { order: Order }).order
  }

  /** WeChat Pay's notification arrives: the order is paid. */
  notifyPaid(orderId: string): void {
    this.move(orderId, 'paid', { paidAt: this.now, transactionId: `4200000${orderId}` })
  }

  /** The merchant ships from the console. */
  ship(orderId: string): void {
    this.move(orderId, 'shipped', { shipment: { expressCompany: 'SF', trackingNo: 'SF1234567890', shippedAt: this.now } })
  }

  /** Requests that reached a route of this fake, as `METHOD /path`. */
  paths(): string[] {
    return this.server.paths().filter((p) => /\/api\/(orders|addresses|dev)/.test(p))
  }

  private move(orderId: string, to: OrderState, changes: Partial<Order> = {}): Answer | null {
    const order = this.orders.get(orderId)
    if (!order) return bad(404, 'not_found', 'order not found')
    if (!canMove(order.state, to)) return bad(409, 'invalid_state', `the order is ${order.state}; it cannot become ${to}`, 'state')
    this.orders.set(orderId, { ...order, ...changes, state: to })
    return null
  }

  private answer(req: ServerRequest, userId: string): WxRequestAnswer | undefined {
    const body = (req.body ?? {}) as Record<string, unknown>
    if (req.path === '/api/addresses') {
      if (req.method === 'POST') return this.addAddress(body, userId)
      if (req.method === 'GET') {
        const mine = [...this.addresses.values()].filter((a) => a.userId === userId).reverse()
        return ok({ addresses: mine.map(({ userId: _u, ...a }) => a) })
      }
    }
    if (req.path === '/api/orders' && req.method === 'POST') return this.createOrder(body, userId)
    if (req.path === '/api/orders' && req.method === 'GET') return this.listOrders(req, userId)
    const sim = /^\/api\/dev\/payments\/([^/]+)\/simulate$/.exec(req.path)
    if (sim && req.method === 'POST') return this.simulate(decodeURIComponent(sim[1] ?? ''), body, userId)
    const m = /^\/api\/orders\/([^/]+)(\/[a-z-]+)?$/.exec(req.path)
    if (!m) return undefined
    const order = this.orders.get(decodeURIComponent(m[1] ?? ''))
    if (!order || order.userId !== userId) return bad(404, 'not_found', 'order not found')
    const action = `${req.method} ${m[2] ?? ''}`
    if (action === 'GET ') return ok({ order: this.view(order.id) })
    if (action === 'POST /payment') return this.payment(order)
    if (action === 'POST /cancel') return this.moved(order.id, 'closed', { closedAt: this.now }, () => this.restock(order, 1))
    if (action === 'POST /confirm-receipt') return this.moved(order.id, 'completed', { completedAt: this.now })
    if (action === 'POST /refunds') return this.refund(order, body)
    return undefined
  }

  private view(orderId: string): Order {
    const { userId: _u, ...order } = this.orders.get(orderId) as Order & { userId: string }
    return order
  }

  private moved(orderId: string, to: OrderState, changes: Partial<Order>, after?: () => void): Answer {
    const refused = this.move(orderId, to, changes)
    if (refused) return refused
    after?.()
    return ok({ order: this.view(orderId) })
  }

  private addAddress(body: Record<string, unknown>, userId: string): Answer {
    const required: (keyof AddressInput)[] = ['name', 'phone', 'province', 'city', 'detail']
    const allowed = new Set<string>([...required, 'district', 'postalCode'])
    const extra = Object.keys(body).find((k) => !allowed.has(k))
    if (extra) return bad(400, 'bad_request', `${extra}: must NOT have additional properties`, extra)
    for (const key of [...required, 'district'] as const) {
      if (typeof body[key] !== 'string') return bad(400, 'bad_request', `${key}: must be string`, key)
      if (key !== 'district' && (body[key] as string).length === 0) return bad(400, 'bad_request', `${key}: must NOT have fewer than 1 characters`, key)
    }
    if (!/^[0-9+\- ]{5,20}$/.test(body.phone as string)) return bad(400, 'bad_request', 'phone: must match pattern', 'phone')
    const input = body as unknown as AddressInput
    const address: Address = { id: `addr-${++this.serial}`, createdAt: this.now, postalCode: '', ...input }
    this.addresses.set(address.id, { ...address, userId })
    return ok({ address }, 201)
  }

  private createOrder(body: Record<string, unknown>, userId: string): Answer {
    const extra = Object.keys(body).find((k) => !['items', 'addressId', 'roomId', 'shareToken', 'note', 'requestId'].includes(k))
    if (extra) return bad(400, 'bad_request', `${extra}: must NOT have additional properties`, extra)
    const requestId = body.requestId
    if (requestId !== undefined && (typeof requestId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(requestId))) return bad(400, 'bad_request', 'requestId: must match pattern', 'requestId')
    const known = typeof requestId === 'string' ? this.byRequestId.get(`${userId}|${requestId}`) : undefined
    if (known) return ok({ order: this.view(known) })
    const items = body.items
    if (!Array.isArray(items) || items.length < 1 || items.length > ORDER_RULES.maxItems) return bad(400, 'bad_request', 'items: 1–20 items', 'items')
    const address = this.addresses.get(String(body.addressId))
    if (!address || address.userId !== userId) return bad(400, 'bad_request', 'addressId: no such address', 'addressId')
    if (typeof body.note === 'string' && body.note.length > ORDER_RULES.noteMaxLength) return bad(400, 'bad_request', 'note: too long', 'note')
    if (body.roomId !== undefined && (typeof body.roomId !== 'string' || !ID.test(body.roomId))) return bad(400, 'bad_request', 'roomId: must match pattern', 'roomId')
    const lines: Order['items'] = []
    for (const [i, raw] of items.entries()) {
      const item = raw as { skuId?: unknown; quantity?: unknown }
      const q = item.quantity
      if (typeof q !== 'number' || !Number.isInteger(q) || q < 1 || q > ORDER_RULES.maxQuantityPerItem) return bad(400, 'bad_request', `items/${i}/quantity: 1–999`, `items/${i}/quantity`)
      const goods = [...this.server.goods.values()].map((g) => g as GoodsDetail).find((g) => g.skus?.some((s) => s.id === item.skuId))
      const sku = goods?.skus.find((s) => s.id === item.skuId)
      if (!goods || !sku || goods.status !== 'on_sale') return bad(409, 'sku_unavailable', '商品已下架或不存在', `items/${i}/skuId`)
      if (sku.limitPerOrder !== null && q > sku.limitPerOrder) return bad(409, 'limit_exceeded', `每单限购 ${sku.limitPerOrder} 件`, `items/${i}/quantity`)
      if (sku.stock < q) return bad(409, 'out_of_stock', '库存不足', `items/${i}/quantity`)
      lines.push({ skuId: sku.id, goodsId: goods.id, title: goods.title, specText: specText(sku.specValues), image: sku.image ?? goods.images[0] ?? '', unitPriceFen: sku.priceFen, quantity: q, subtotalFen: sku.priceFen * q })
    }
    const { id: _id, createdAt: _c, userId: _u, ...addressFields } = address
    const order: Order & { userId: string } = {
      id: `o${++this.serial}`,
      userId,
      state: 'created',
      totalFen: lines.reduce((n, l) => n + l.subtotalFen, 0),
      items: lines,
      roomId: typeof body.roomId === 'string' ? body.roomId : null,
      address: addressFields,
      note: typeof body.note === 'string' ? body.note : '',
      createdAt: this.now,
      payDeadline: this.now + ORDER_RULES.defaultPayMinutes * 60,
      paidAt: null,
      closedAt: null,
      completedAt: null,
      shipment: null,
      refundedFen: 0,
      refunds: [],
      transactionId: null,
      confirmReceiptVia: this.confirmReceiptVia,
    }
    this.orders.set(order.id, order)
    this.restock(order, -1)
    if (typeof requestId === 'string') this.byRequestId.set(`${userId}|${requestId}`, order.id)
    return ok({ order: this.view(order.id) }, 201)
  }

  /** Reserves (-1) or returns (+1) the order's stock. */
  private restock(order: Order, sign: 1 | -1): void {
    for (const line of order.items) {
      const goods = this.goods(line.goodsId)
      if (!goods) continue
      const skus = goods.skus.map((s) => (s.id === line.skuId ? { ...s, stock: s.stock + sign * line.quantity } : s))
      this.addGoods({ ...goods, skus })
    }
  }

  private listOrders(req: ServerRequest, userId: string): Answer {
    const tab = ORDER_TABS.find((t) => t.key === req.query.state)
    if (req.query.state !== undefined && !tab) return bad(400, 'bad_request', 'state: must be one of the allowed values', 'state')
    const states: readonly string[] = tab?.states ?? []
    const mine = [...this.orders.values()].filter((o) => o.userId === userId && (!tab || states.includes(o.state))).reverse()
    const offset = Number(req.query.offset ?? 0)
    const limit = Number(req.query.limit ?? 20)
    return ok({ orders: mine.slice(offset, offset + limit).map((o) => this.view(o.id)), total: mine.length })
  }

  private payment(order: Order): Answer {
    if (order.state !== 'created') return bad(409, 'order_not_payable', `the order is ${order.state}`, 'state')
    if (order.payDeadline <= this.now) return bad(409, 'order_expired', '订单已超时关闭', 'state')
    const params: PaymentParams = { mode: this.payMode, timeStamp: String(this.now), nonceStr: `n${order.id}`, package: `prepay_id=wx${order.id}`, signType: 'RSA', paySign: this.payMode === 'simulator' ? '' : `sig-${order.id}` }
    return ok(params)
  }

  private simulate(orderId: string, body: Record<string, unknown>, userId: string): Answer {
    if (this.payMode !== 'simulator') return bad(404, 'not_found', 'the payment simulator exists only without WeChat Pay')
    const order = this.orders.get(orderId)
    if (!order || order.userId !== userId) return bad(404, 'not_found', 'order not found')
    if (body.result !== 'success' && body.result !== 'cancel') return bad(400, 'bad_request', 'result: must be success or cancel', 'result')
    if (body.result === 'success') {
      const refused = this.move(orderId, 'paid', { paidAt: this.now, transactionId: `sim-${orderId}` })
      if (refused) return refused
    }
    return ok({ order: this.view(orderId) })
  }

  private refund(order: Order, body: Record<string, unknown>): Answer {
    const reason = body.reason
    if (typeof reason !== 'string' || reason.length < 1 || reason.length > ORDER_RULES.refundReasonMaxLength) return bad(400, 'bad_request', 'reason: 1–80 characters', 'reason')
    const left = order.totalFen - order.refundedFen
    const amountFen = typeof body.amountFen === 'number' ? body.amountFen : left
    if (amountFen < 1 || amountFen > left) return bad(400, 'bad_request', 'amountFen: more than is left to refund', 'amountFen')
    const refund: Refund = { id: `rf${++this.serial}`, orderId: order.id, state: 'requested', amountFen, reason, resultMessage: null, createdAt: this.now, updatedAt: this.now }
    const refused = this.move(order.id, 'refunding', { refunds: [...order.refunds, refund] })
    if (refused) return refused
    return ok({ refund, order: this.view(order.id) }, 201)
  }
}
