/**
 * Entry to a WeChat official live room. live-player-plugin is declared only for this subpackage, so
 * the room list opens this page. What it shows and when it opens the plugin's room page is the
 * room store's state machine (wxlive/stores/wechat-room.ts), one store per page instance: the page
 * makes it on load, binds its fields, forwards its events and taps, and closes it on unload.
 */
import { reaction } from 'mobx-miniprogram'
import { createStoreBindings } from 'mobx-miniprogram-bindings'
import { goHome } from '../../services/wx-live'
import { WECHAT_ROOM_FIELDS, WechatRoomStore } from '../stores/wechat-room'

interface PageStore {
  store: WechatRoomStore
  bindings: ReturnType<typeof createStoreBindings>
  stopShowingAtOnce: () => void
}

const stores = new WeakMap<object, PageStore>()

Component({
  /** The first frame, before onLoad binds the store. */
  data: {
    view: 'checking',
    message: '正在打开微信直播间…',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const store = new WechatRoomStore()
      const bindings = createStoreBindings(this, { store, fields: [...WECHAT_ROOM_FIELDS], actions: [] })
      // The bindings hand changes to setData on wx.nextTick, a timer that may run only after the
      // next status check or navigation callback. This page has few transitions, and each shows
      // in the turn that made it, as it did when the page held the state itself.
      const stopShowingAtOnce = reaction(
        () => WECHAT_ROOM_FIELDS.map((field) => store[field]),
        () => void Promise.resolve().then(bindings.updateStoreBindings),
      )
      stores.set(this, { store, bindings, stopShowingAtOnce })
      store.open(query)
      // The first state is in the first frame.
      bindings.updateStoreBindings()
    },
    onShow(): void {
      stores.get(this)?.store.shown()
    },
    onHide(): void {
      stores.get(this)?.store.hidden()
    },
    onUnload(): void {
      const held = stores.get(this)
      if (!held) return
      held.store.close()
      held.stopShowingAtOnce()
      held.bindings.destroyStoreBindings()
      stores.delete(this)
    },
    onShareAppMessage(): WechatMiniprogram.Page.IAsyncCustomShareContent {
      const held = stores.get(this)
      if (!held) throw new Error('wxlive room: shared before onLoad')
      return held.store.shareCard()
    },
    onRetry(): void {
      stores.get(this)?.store.retry()
    },
    onEnter(): void {
      void stores.get(this)?.store.enterFromCard()
    },
    onSubscribe(): void {
      void stores.get(this)?.store.subscribeChanged()
    },
    goHome(): void {
      goHome()
    },
  },
})
