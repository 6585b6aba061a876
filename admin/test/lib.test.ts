import { describe, expect, it } from 'vitest'
import { GoodsInputSchema } from '@contract/console-schemas'
import { ApiError } from '../src/api/client'
import { toCsv } from '../src/lib/csv'
import { schemaErrors, useFieldErrors } from '../src/lib/field-errors'
import { chinaDayStart, fenToYuan, yuanToFen } from '../src/lib/format'
import { moveItem } from '../src/lib/reorder'
import { applyRoomOrderEvent, ROOM_ORDER_LINES_MAX, roomOrderLinesOf, roomOrderSummary, seenNetFen } from '../src/lib/room-orders'
import type { Order } from '@contract/order-schemas'
import type { OnlineCount } from '@contract/online-schemas'
import { onlineTotal, onlineView } from '../src/lib/online'
import { combinations, rebuildSkus, specProblems } from '../src/lib/sku-matrix'

describe('money and time', () => {
  it('reads yuan as integer fen and refuses what is not an amount', () => {
    expect([yuanToFen('68'), yuanToFen('72.5'), yuanToFen(' 0.05 '), yuanToFen('1.234'), yuanToFen('-1'), yuanToFen('1e3'), yuanToFen('')]).toEqual([6800, 7250, 5, null, null, null, null])
    expect(fenToYuan(7250)).toBe('72.50')
  })
  it('starts the China day at 16:00 UTC of the day before', () => {
    expect(new Date(chinaDayStart(Date.UTC(2026, 11, 2, 3, 0)) * 1000).toISOString()).toBe('2026-12-01T16:00:00.000Z')
    expect(new Date(chinaDayStart(Date.UTC(2026, 11, 2, 17, 0)) * 1000).toISOString()).toBe('2026-12-02T16:00:00.000Z')
  })
})

describe('SKU matrix', () => {
  const specs = [{ name: '颜色', values: ['红', '蓝'] }, { name: '尺码', values: ['S', 'M'] }]
  it('lists every combination once, in dimension order; no specs is the one default SKU', () => {
    expect(combinations(specs)).toEqual([['红', 'S'], ['红', 'M'], ['蓝', 'S'], ['蓝', 'M']])
    expect(combinations([])).toEqual([[]])
  })
  it('keeps the price, stock and ID of combinations that remain after the specs change', () => {
    const before = rebuildSkus([specs[0]!], [{ id: 'sku_red', specValues: ['红'], priceFen: 100, stock: 3 }])
    expect(before).toEqual([{ id: 'sku_red', specValues: ['红'], priceFen: 100, stock: 3 }, { specValues: ['蓝'], priceFen: 100, stock: 0 }])
  })
  it('says what the server would refuse', () => {
    expect(specProblems([{ name: '颜色', values: ['红', '红'] }, { name: '颜色', values: [] }])).toEqual(['「颜色」有重复的值', '规格名重复：颜色', '「颜色」至少要有一个值'])
    const many = Array.from({ length: 11 }, (_, i) => String(i))
    expect(specProblems([{ name: 'a', values: many }, { name: 'b', values: many }])).toContain('SKU 最多 100 个')
  })
})

describe('CSV export', () => {
  it('quotes, adds a BOM and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [['x,"y"', '=SUM(A1)'], [1, '@cmd']])).toBe('\uFEFFa,b\r\n"x,""y""",\'=SUM(A1)\r\n1,\'@cmd\r\n')
  })
})

describe('shelf order', () => {
  it('moves one item and clamps the target', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b'])
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a'])
    expect(moveItem(['a'], 5, 0)).toEqual(['a'])
  })
})

describe('field errors', () => {
  it('checks a form against the contract schema, one message per field', () => {
    const errors = schemaErrors(GoodsInputSchema, { title: '', images: ['ftp://x'], priceFen: 1.5, stock: 0, status: 'gone' })
    expect(Object.keys(errors).sort()).toEqual(['images', 'priceFen', 'status', 'title'])
    expect(errors.title).toBe('请填写 1–60 个字符')
    expect(schemaErrors(GoodsInputSchema, { title: 'ok', images: [], priceFen: 100, stock: 1, status: 'on_sale' })).toEqual({})
  })
  it("puts the server's error next to the field it names, anything else above the form", () => {
    const errors = useFieldErrors()
    errors.fromError(new ApiError(400, 'bad_request', 'title: too long', 'title'), ['title'])
    errors.fromError(new ApiError(409, 'goods_in_use', 'on a shelf', 'id'), ['title'])
    expect({ fields: errors.fields, general: errors.general }).toEqual({ fields: { title: 'title: too long' }, general: 'on a shelf' })
  })
})

describe('orders on the live monitor', () => {
  const order = (id: string, over: Partial<Order> = {}): Order => ({
    id, state: 'created', totalFen: 3998, items: [], roomId: 'r1', address: { name: '张三', phone: '13800001234', province: '广东省', city: '深圳市', district: '南山区', detail: '1 号', postalCode: '' },
    note: '', createdAt: 1, payDeadline: 2, paidAt: null, closedAt: null, completedAt: null, shipment: null, refundedFen: 0, refunds: [], transactionId: null, confirmReceiptVia: 'merchant', ...over,
  })
  it('moves an order to the top with its latest change and keeps one line per order', () => {
    let lines = applyRoomOrderEvent([], { type: 'order', change: 'created', order: order('o1'), at: 10 })
    lines = applyRoomOrderEvent(lines, { type: 'order', change: 'created', order: order('o2', { totalFen: 100 }), at: 11 })
    lines = applyRoomOrderEvent(lines, { type: 'order', change: 'paid', order: order('o1', { state: 'paid', paidAt: 12 }), at: 12 })
    expect(lines.map((l) => [l.order.id, l.change])).toEqual([['o1', 'paid'], ['o2', 'created']])
    expect(lines.map(roomOrderSummary)).toEqual(['已支付 ¥39.98', '下单 ¥1.00'])
    expect(seenNetFen(lines)).toBe(3998)
    lines = applyRoomOrderEvent(lines, { type: 'order', change: 'refunded', order: order('o1', { state: 'partially_refunded', paidAt: 12, refundedFen: 999 }), at: 13 })
    expect(roomOrderSummary(lines[0]!)).toBe('已退款 ¥9.99 / ¥39.98')
    expect(seenNetFen(lines)).toBe(2999)
  })
  it("starts from the snapshot's orders, which later events move and update", () => {
    let lines = roomOrderLinesOf([
      { type: 'order', change: 'paid', order: order('o2', { state: 'paid', paidAt: 20 }), at: 20 },
      { type: 'order', change: 'created', order: order('o1'), at: 10 },
    ])
    expect(lines.map((l) => [l.order.id, l.change, l.at])).toEqual([['o2', 'paid', 20], ['o1', 'created', 10]])
    expect(seenNetFen(lines)).toBe(3998)
    lines = applyRoomOrderEvent(lines, { type: 'order', change: 'paid', order: order('o1', { state: 'paid', paidAt: 30 }), at: 30 })
    expect(lines.map((l) => [l.order.id, l.change])).toEqual([['o1', 'paid'], ['o2', 'paid']])
  })
  it('keeps at most ROOM_ORDER_LINES_MAX lines', () => {
    let lines: ReturnType<typeof applyRoomOrderEvent> = []
    for (let i = 0; i < ROOM_ORDER_LINES_MAX + 5; i += 1) lines = applyRoomOrderEvent(lines, { type: 'order', change: 'created', order: order(`o${i}`), at: i })
    expect({ length: lines.length, newest: lines[0]?.order.id }).toEqual({ length: ROOM_ORDER_LINES_MAX, newest: `o${ROOM_ORDER_LINES_MAX + 4}` })
  })
})

describe('online counts', () => {
  const base: OnlineCount = { roomId: 'r1', count: 12, adminCount: 0, countedAt: 100, ageSeconds: 0, problem: null }
  it('shows a fresh count, an old one with its age and reason, and none as — with the reason', () => {
    expect(onlineView(base)).toEqual({ text: '12 人', note: '', tone: 'ok' })
    expect(onlineView({ ...base, ageSeconds: 125, problem: { code: 'timeout', message: 'DescribeUserNum timed out' } })).toEqual({ text: '12 人', note: '2 分钟前的数字；ZEGO 超时未答', tone: 'stale' })
    expect(onlineView({ ...base, count: null, adminCount: null, countedAt: null, ageSeconds: null, problem: { code: 'zego_error', message: 'Code 50001' } })).toEqual({ text: '—', note: 'ZEGO 返回错误', tone: 'missing' })
    expect(onlineView(undefined).text).toBe('…')
  })
  it('adds up only the rooms that have a count', () => {
    expect(onlineTotal([base, { ...base, roomId: 'r2', count: 30 }, { ...base, roomId: 'r3', count: null, problem: { code: 'network', message: '' } }])).toEqual({ people: 42, uncounted: 1 })
  })
})
