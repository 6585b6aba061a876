/**
 * Live comments over the lower part of the video, for both live pages: the newest messages in a
 * scroll view that follows the newest, and, while `canSend`, an input with 发送 and a character
 * count. A failed send shows why, keeps the draft in the input and offers 重试.
 *
 * The message list is not a bound store field (that would setData the whole array per comment):
 * a MobX reaction hands each new list to a batcher, which sends only the changed paths, at most
 * five times a second (core/list-batcher.ts). Both are created on attach and disposed on detach.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { reaction } from 'mobx-miniprogram'
import { liveChatStore, type ChatMessage } from '../../stores/live-chat'
import { zegoLive } from '../../services/zego/index'
import { ListBatcher, type ListPatch } from '../../core/list-batcher'
import { CHAT_CAP, COMMENT_MAX_CHARACTERS, commentLength } from '../../core/live-comment'
import { chatPanelFlush } from './flush'

const panels = new WeakMap<object, () => void>()

ComponentWithStore({
  properties: {
    /** The room is live, so the server takes comments: show the input. */
    canSend: { type: Boolean, value: false },
  },
  data: {
    messages: [] as ChatMessage[],
    cap: CHAT_CAP,
    max: COMMENT_MAX_CHARACTERS,
    draft: '',
    count: 0,
  },
  storeBindings: {
    store: liveChatStore,
    fields: {
      sending: 'sending',
      errorText: () => liveChatStore.failure?.message ?? '',
    },
    actions: {},
  },
  lifetimes: {
    attached(): void {
      const batcher = new ListBatcher<ChatMessage>({
        field: 'messages',
        window: CHAT_CAP,
        intervalMs: chatPanelFlush.intervalMs,
        timer: chatPanelFlush.timer,
        flush: (patch: ListPatch<ChatMessage>) => this.setData(patch),
      })
      const stop = reaction(
        () => liveChatStore.messages,
        (list) => batcher.update(list),
        { fireImmediately: true },
      )
      panels.set(this, () => {
        stop()
        batcher.dispose()
      })
      // Back after the panel was hidden: the draft that failed is still there.
      const failed = liveChatStore.failure
      if (failed) this.setDraft(failed.text)
    },
    detached(): void {
      panels.get(this)?.()
      panels.delete(this)
    },
  },
  methods: {
    setDraft(draft: string): void {
      this.setData({ draft, count: commentLength(draft) })
    },
    onInput(e: WechatMiniprogram.Input): void {
      this.setDraft(e.detail.value)
    },
    async onSend(): Promise<void> {
      const text: string = this.data.draft
      if (!(await zegoLive.chat.send(text))) return
      // Typed on while it was sending: keep that.
      if (panels.has(this) && this.data.draft === text) this.setDraft('')
    },
    async onRetry(): Promise<void> {
      const text = liveChatStore.failure?.text
      if (!(await zegoLive.chat.retry())) return
      if (panels.has(this) && text !== undefined && this.data.draft.trim() === text) this.setDraft('')
    },
  },
})
