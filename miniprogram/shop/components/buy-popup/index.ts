/**
 * 立即购买 as one bottom popup: spec and quantity, then address, note and 提交订单, then payment.
 * The whole purchase stays in the popup so that, in a live room, the page under it (and its
 * stream) never leaves the screen; only the result page is a page of its own. Used by goods detail
 * (main), the live viewer and the replay (subpackage live) through 分包异步化: their pages declare a
 * componentPlaceholder, so the popup's code downloads with the shop subpackage (preloaded by those
 * pages), not at launch with the main package.
 */
import { ApiError } from '../../../services/api'
import { createOrder, fetchAddresses, fetchGoodsDetail, saveAddress } from '../../services/shop-api'
import { chooseAddress, openAddressSetting } from '../../services/address'
import { payForOrder } from '../../services/payment'
import { openOrderResult } from '../../../services/navigation'
import type { GoodsDetail } from '../../../contract/goods-schemas'
import type { Address } from '../../../contract/order-schemas'
import { ORDER_RULES } from '../../../contract/order-rules'
import { chosenSku, clampQuantity, initialPicks, skuChoiceView, togglePick, type SkuChoiceView, type SpecPicks } from '../../core/sku-choice'
import { newRequestId } from '../../core/request-id'
import { priceLabel } from '../../../core/money'

type Step = 'loading' | 'error' | 'spec' | 'confirm' | 'paying'
/** What the address line says: nothing chosen, being chosen/saved, or why there is none. */
type AddressState = 'none' | 'busy' | 'ready' | 'cancelled' | 'denied' | 'failed'

interface Held {
  goods: GoodsDetail | null
  picks: SpecPicks
  address: Address | null
  /** The submission the requestId belongs to: a changed one gets a new ID. */
  submission: { key: string; requestId: string } | null
  /** Only the latest load may write its answer. */
  load: number
}

const held = new WeakMap<object, Held>()

function heldOf(owner: object): Held {
  let h = held.get(owner)
  if (!h) {
    h = { goods: null, picks: [], address: null, submission: null, load: 0 }
    held.set(owner, h)
  }
  return h
}

function messageOf(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback
}

function addressText(a: Address): { who: string; where: string } {
  return { who: `${a.name} ${a.phone}`, where: `${a.province}${a.city}${a.district}${a.detail}` }
}

type ValueTap = WechatMiniprogram.BaseEvent<Record<string, never>, { dimension?: number; value?: string }>

Component({
  properties: {
    show: { type: Boolean, value: false },
    goodsId: { type: String, value: '' },
    /** The live room the purchase starts in ('' elsewhere): the order and the result page carry it. */
    roomId: { type: String, value: '' },
  },
  data: {
    step: 'loading' as Step,
    message: '',
    title: '',
    choice: null as SkuChoiceView | null,
    specText: '',
    estimate: '',
    addressState: 'none' as AddressState,
    address: null as { who: string; where: string } | null,
    addressMessage: '',
    note: '',
    noteMax: ORDER_RULES.noteMaxLength,
    submitting: false,
    submitError: '',
  },
  observers: {
    'show, goodsId'(show: boolean, goodsId: string): void {
      if (show && goodsId) void this.loadGoods()
    },
  },
  lifetimes: {
    detached(): void {
      held.delete(this)
    },
  },
  methods: {
    async loadGoods(): Promise<void> {
      const h = heldOf(this)
      const ticket = ++h.load
      this.setData({ step: 'loading', message: '', submitError: '', submitting: false })
      try {
        const goods = await fetchGoodsDetail(this.data.goodsId)
        if (h.load !== ticket) return
        h.goods = goods
        h.picks = initialPicks(goods)
        h.submission = null
        this.setData({ step: 'spec', title: goods.title })
        this.render(1)
      } catch (err) {
        if (h.load !== ticket) return
        const notFound = err instanceof ApiError && err.status === 404
        this.setData({ step: 'error', message: notFound ? '商品不存在或已下架' : messageOf(err, '加载失败，请稍后重试') })
      }
    },
    render(quantity: number): void {
      const { goods, picks } = heldOf(this)
      if (!goods) return
      const choice = skuChoiceView(goods, picks, quantity)
      const sku = chosenSku(goods, picks)
      this.setData({
        choice,
        specText: sku ? sku.specValues.join(' / ') : '',
        // Shown as an estimate: what is paid is the total the server answers for the order.
        estimate: sku ? priceLabel(sku.priceFen * choice.quantity) : '',
      })
    },
    onRetryLoad(): void {
      void this.loadGoods()
    },
    onPick(e: ValueTap): void {
      const h = heldOf(this)
      const { dimension, value } = e.currentTarget.dataset
      if (!h.goods || dimension === undefined || value === undefined) return
      h.picks = togglePick(h.goods, h.picks, Number(dimension), value)
      this.render(this.data.choice?.quantity ?? 1)
    },
    onMinus(): void {
      this.render((this.data.choice?.quantity ?? 1) - 1)
    },
    onPlus(): void {
      this.render((this.data.choice?.quantity ?? 1) + 1)
    },
    onQuantityInput(e: WechatMiniprogram.Input): void {
      const max = this.data.choice?.max ?? 1
      this.render(clampQuantity(Number(e.detail.value), max))
    },
    onNote(e: WechatMiniprogram.Input): void {
      this.setData({ note: e.detail.value.slice(0, ORDER_RULES.noteMaxLength) })
    },
    async onNext(): Promise<void> {
      if (!this.data.choice?.canBuy) return
      this.setData({ step: 'confirm', submitError: '' })
      const h = heldOf(this)
      if (h.address) return
      // The address kept from an earlier order is the default; a failed list just asks for one.
      try {
        const [latest] = await fetchAddresses()
        if (latest && !h.address) this.useAddress(latest)
      } catch {
        // The shopper chooses one instead.
      }
    },
    onBackToSpec(): void {
      this.setData({ step: 'spec', submitError: '' })
    },
    useAddress(address: Address): void {
      heldOf(this).address = address
      this.setData({ addressState: 'ready', address: addressText(address), addressMessage: '' })
    },
    async onChooseAddress(): Promise<void> {
      if (this.data.addressState === 'busy') return
      const had = this.data.addressState === 'ready'
      this.setData({ addressState: 'busy', addressMessage: '' })
      const choice = await chooseAddress()
      const keep = (state: AddressState, message: string): void => {
        if (had && state === 'cancelled') this.setData({ addressState: 'ready', addressMessage: '' })
        else this.setData({ addressState: state, addressMessage: message })
      }
      if (choice.kind === 'cancelled') return keep('cancelled', '没有选择收货地址，点此重新选择')
      if (choice.kind === 'denied') return keep('denied', '没有获得通讯地址权限，请在设置中允许后重试')
      if (choice.kind === 'failed') return keep('failed', choice.message)
      try {
        this.useAddress(await saveAddress(choice.address))
      } catch (err) {
        keep('failed', `地址保存失败：${messageOf(err, '请重试')}`)
      }
    },
    async onOpenSetting(): Promise<void> {
      const allowed = await openAddressSetting()
      if (allowed) await this.onChooseAddress()
    },
    async onSubmit(): Promise<void> {
      const h = heldOf(this)
      const sku = h.goods ? chosenSku(h.goods, h.picks) : null
      if (this.data.submitting || !sku || !this.data.choice) return
      if (!h.address) {
        this.setData({ submitError: '请先选择收货地址' })
        return
      }
      const quantity = this.data.choice.quantity
      const roomId = this.data.roomId || undefined
      const note = this.data.note.trim()
      const key = JSON.stringify([sku.id, quantity, h.address.id, note, roomId ?? ''])
      if (!h.submission || h.submission.key !== key) h.submission = { key, requestId: newRequestId() }
      this.setData({ submitting: true, submitError: '' })
      let order
      try {
        order = await createOrder({
          items: [{ skuId: sku.id, quantity }],
          addressId: h.address.id,
          ...(roomId ? { roomId } : {}),
          ...(note ? { note } : {}),
          requestId: h.submission.requestId,
        })
      } catch (err) {
        // The same requestId goes with the retry: a lost answer gets its order back, not a second one.
        this.setData({ submitting: false, submitError: messageOf(err, '提交失败，请重试') })
        return
      }
      h.submission = null
      this.setData({ step: 'paying' })
      const paid = await payForOrder(order.id, order.totalFen)
      this.setData({ submitting: false })
      this.triggerEvent('close')
      // The result page asks the server what the payment really did.
      void openOrderResult(order.id, paid.outcome, roomId, paid.message || undefined).catch(() => undefined)
    },
    onClose(): void {
      if (this.data.step === 'paying') return
      this.triggerEvent('close')
    },
  },
})
