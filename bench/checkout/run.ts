/**
 * npm run bench:checkout — a flash sale: BENCH_SHOPPERS (default 200) shoppers at once buy one SKU
 * with BENCH_STOCK (default 100) in stock. Each signs in, creates an order, asks for payment and
 * pays; the payment completes through the notification path. With BENCH_PAYMENT=wechatpay
 * (default) the real app runs with WeChat Pay configured against the loopback APIv3 fake, and each
 * payment arrives as a signed, AES-GCM-encrypted notification on POST /api/wechatpay/notify, so
 * the full verification cost is measured; BENCH_PAYMENT=simulator pays through the dev route.
 * Everything on 127.0.0.1, a tmp SQLite file, bounded. Exits non-zero on any oversell.
 *   BENCH_SHOPPERS=200 BENCH_STOCK=100 BENCH_PAYMENT=wechatpay npm run bench:checkout
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { GoodsDetailResponse } from '../../miniprogram/contract/goods-schemas'
import type { Address, OrderResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../miniprogram/core/api-types'
import { buildApp } from '../../server/src/app'
import { loadConfig, type Env } from '../../server/src/config'
import { openDatabase } from '../../server/src/db/database'
import { migrateToLatest } from '../../server/src/db/migrations'
import { MemoryStore } from '../../server/src/shared-store/memory-store'
import { FakeWechatApi } from '../../test/fakes/wechat-api'
import { FakeWechatPay } from '../../test/fakes/wechat-pay'
import { generateWechatPayKeys, wechatPayEnv } from '../../test/fakes/wechat-pay-keys'

const bounded = (name: string, fallback: number, min: number, max: number): number => {
  const n = Number(process.env[name] ?? fallback)
  return Number.isSafeInteger(n) ? Math.min(max, Math.max(min, n)) : fallback
}
const shoppers = bounded('BENCH_SHOPPERS', 200, 1, 2000)
const stock = bounded('BENCH_STOCK', 100, 1, 100_000)
const payment = process.env.BENCH_PAYMENT === 'simulator' ? 'simulator' : 'wechatpay'
/** Each phase is abandoned after this. */
const DEADLINE_MS = 120_000
const PRICE_FEN = 990

interface Timed {
  status: number
  ms: number
  body: string
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

const fmt = (ms: number): string => ms.toFixed(1)

/** Rejects when the run is not over within DEADLINE_MS, so a stuck request cannot hold the machine. */
async function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`a phase did not finish within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

async function main(): Promise<void> {
  const keys = generateWechatPayKeys()
  const wechat = new FakeWechatApi(keys.appId)
  const pay = new FakeWechatPay(keys)
  await Promise.all([wechat.start(), pay.start()])

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storefront-bench-checkout-'))
  const env: Env = {
    PORT: '0',
    DATABASE_URL: `file:${path.join(dir, 'bench.sqlite')}`,
    WECHAT_APPID: wechat.appId,
    WECHAT_APPSECRET: wechat.appSecret,
    WECHAT_API_BASE: wechat.baseUrl,
    ZEGO_APP_ID: '1234567890',
    ZEGO_SERVER_SECRET: 'abcdefghijklmnopqrstuvwxyz012345',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    LOG_LEVEL: 'warn',
    // The benchmark measures buying, not the sign-in limiter.
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000000',
    ...(payment === 'wechatpay' ? wechatPayEnv(keys, pay.baseUrl) : {}),
  }
  // Without WECHATPAY_* the simulator runs; sign-in still goes through the fake jscode2session.
  const config = loadConfig(env)
  const database = openDatabase(config.databaseUrl)
  await migrateToLatest(database.db)
  const store = new MemoryStore()
  const { app, handles } = await buildApp({ config, database, store, docsUi: false, orderSweepIntervalMs: 0, logStream: { write: () => undefined } })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })

  const call = async (method: string, url: string, token: string | null, body?: unknown, headers: Record<string, string> = {}, raw?: string): Promise<Timed> => {
    const started = performance.now()
    const res = await fetch(base + url, {
      method,
      headers: { ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}), ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      signal: AbortSignal.timeout(30_000),
    })
    const text = await res.text()
    return { status: res.status, ms: performance.now() - started, body: text }
  }
  let codes = 0
  const signIn = async (openid: string): Promise<string> => {
    codes += 1
    const code = `bench-code-${codes}`
    wechat.loginCodes.set(code, { openid })
    const res = await call('POST', '/api/auth/login', null, { code })
    if (res.status !== 200) throw new Error(`sign-in ${openid}: ${res.status} ${res.body}`)
    return (JSON.parse(res.body) as LoginResponse).token
  }

  await handles.users.setRole('bench-admin', 'admin')
  const adminToken = await signIn('bench-admin')
  const created = await call('POST', '/api/goods', adminToken, { title: '限量秒杀', images: ['https://img.example/g.jpg'], priceFen: PRICE_FEN, stock, status: 'on_sale' })
  if (created.status !== 201) throw new Error(`goods: ${created.status} ${created.body}`)
  const goods = (JSON.parse(created.body) as GoodsDetailResponse).goods
  const sku = goods.skus[0]
  if (sku === undefined) throw new Error('goods without its default SKU')

  const cpus = os.cpus()
  console.log(`machine: ${cpus.length} CPUs (nproc ${os.availableParallelism()}), ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}`)
  console.log(`load: ${shoppers} shoppers at once, 1 SKU with stock ${stock}, payment ${payment}, loopback 127.0.0.1, SQLite\n`)

  const createMs: number[] = []
  const notifyMs: number[] = []
  const unexpected: string[] = []
  let soldOut = 0

  // Phase 1 (not measured): every shopper signs in and saves an address, as they would before the sale.
  const started = performance.now()
  const ready = await withDeadline(Promise.all(Array.from({ length: shoppers }, async (_, i) => {
    const token = await signIn(`bench-shopper-${i}`)
    const address = await call('POST', '/api/addresses', token, { name: '买家', phone: '13800001234', province: '广东省', city: '深圳市', district: '南山区', detail: `${i} 号`, postalCode: '518000' })
    if (address.status !== 201 && address.status !== 200) throw new Error(`address: ${address.status} ${address.body}`)
    return { token, addressId: (JSON.parse(address.body) as { address: Address }).address.id }
  })))

  // Phase 2: the sale opens; all shoppers create their order at once.
  const createStarted = performance.now()
  const orders = await withDeadline(Promise.all(ready.map(async ({ token, addressId }) => {
    const order = await call('POST', '/api/orders', token, { items: [{ skuId: sku.id, quantity: 1 }], addressId })
    createMs.push(order.ms)
    if (order.status === 409 && order.body.includes('sold_out')) {
      soldOut += 1
      return null
    }
    if (order.status !== 201) {
      unexpected.push(`create ${order.status} ${order.body.slice(0, 120)}`)
      return null
    }
    return { token, orderId: (JSON.parse(order.body) as OrderResponse).order.id }
  })))
  const createSeconds = (performance.now() - createStarted) / 1000

  // Phase 3: everyone with an order asks for payment, pays, and the payment's notification arrives.
  const payStarted = performance.now()
  await withDeadline(Promise.all(orders.map(async (placed) => {
    if (placed === null) return
    const { token, orderId } = placed
    const prepay = await call('POST', `/api/orders/${orderId}/payment`, token)
    if (prepay.status !== 200) return void unexpected.push(`payment ${prepay.status} ${prepay.body.slice(0, 120)}`)
    if (payment === 'wechatpay') {
      // The shopper paid at WeChat Pay; its notification (signed and encrypted by the fake) is what pays the order.
      const notification = pay.notification('transaction', pay.markPaid(orderId))
      const res = await call('POST', '/api/wechatpay/notify', null, undefined, notification.headers, notification.body)
      notifyMs.push(res.ms)
      if (res.status !== 204) unexpected.push(`notify ${res.status} ${res.body.slice(0, 120)}`)
    } else {
      const res = await call('POST', `/api/dev/payments/${orderId}/simulate`, token, { result: 'success' })
      notifyMs.push(res.ms)
      if (res.status !== 200) unexpected.push(`simulate ${res.status} ${res.body.slice(0, 120)}`)
    }
  })))
  const paySeconds = (performance.now() - payStarted) / 1000
  const totalMs = performance.now() - started

  const rows = await database.db
    .selectFrom('order_items')
    .innerJoin('orders', 'orders.id', 'order_items.order_id')
    .select(['orders.state', 'order_items.quantity'])
    .where('order_items.sku_id', '=', sku.id)
    .execute()
  const quantityIn = (state: string): number => rows.filter((r) => r.state === state).reduce((n, r) => n + Number(r.quantity), 0)
  const paid = quantityIn('paid')
  const reserved = quantityIn('created')
  const finalStock = Number((await handles.goods.skuRows([goods.id])).find((r) => r.id === sku.id)?.stock)
  const oversell = Math.max(0, paid + reserved - stock)
  const createdCount = rows.length
  createMs.sort((a, b) => a - b)
  notifyMs.sort((a, b) => a - b)

  console.log(`create phase: ${shoppers} attempts, ${createdCount} orders created in ${createSeconds.toFixed(2)} s = ${Math.round(createdCount / createSeconds)} orders created/s (${Math.round(shoppers / createSeconds)} attempts/s)`)
  console.log(`pay phase: ${notifyMs.length} prepay + payment in ${paySeconds.toFixed(2)} s = ${Math.round(notifyMs.length / paySeconds)} paid/s; whole run with sign-in ${(totalMs / 1000).toFixed(2)} s`)
  console.log(`create order  (POST /api/orders, ${createMs.length} calls): p50 ${fmt(percentile(createMs, 50))} ms, p99 ${fmt(percentile(createMs, 99))} ms`)
  const notifyName = payment === 'wechatpay' ? 'notification (POST /api/wechatpay/notify, verify + decrypt + apply' : 'simulated payment (POST /api/dev/payments/:id/simulate'
  console.log(`${notifyName}, ${notifyMs.length} calls): p50 ${fmt(percentile(notifyMs, 50))} ms, p99 ${fmt(percentile(notifyMs, 99))} ms`)
  console.log(`paid orders: ${paid}; rejected for stock: ${soldOut}; still reserved unpaid: ${reserved}; final stock: ${finalStock}; oversell (paid + reserved beyond stock ${stock}): ${oversell}`)
  if (payment === 'wechatpay') console.log(`WeChat Pay fake calls: jsapi ${pay.callsTo('jsapi').length}, unsigned ${pay.ledger.filter((c) => !c.authorized).length}`)

  await app.close()
  await store.close()
  await database.close()
  await Promise.all([wechat.close(), pay.close()])
  fs.rmSync(dir, { recursive: true, force: true })

  const problems = [
    ...(oversell > 0 ? [`oversold by ${oversell}`] : []),
    ...(finalStock + paid + reserved !== stock ? [`stock does not add up: ${finalStock} left + ${paid} paid + ${reserved} reserved ≠ ${stock}`] : []),
    ...(finalStock < 0 ? [`stock went below 0: ${finalStock}`] : []),
    ...unexpected.slice(0, 5).map((u) => `unexpected answer: ${u}`),
  ]
  if (problems.length > 0) {
    console.error(`\nFAILED: ${problems.join('; ')}${unexpected.length > 5 ? ` (+${unexpected.length - 5} more)` : ''}`)
    process.exit(1)
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err)
  process.exit(1)
})
