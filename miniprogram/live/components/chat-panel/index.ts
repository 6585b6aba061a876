/**
 * Live comments over the lower part of the video, for both live pages: the newest messages in a
 * scroll view that follows the newest, and, while `canSend`, an input with 发送 and a character
 * count. A failed send shows why, keeps the draft in the input and offers 重试.
 *
 * The message list is not a bound store field (that would setData the whole array per comment):
 * a MobX reaction hands each new list to a ring diff (core/list-batcher.ts), which sends only the
 * new comments as paths into a bounded ring of slots at the panel's turns in the room's one frame (core/frame-scheduler.ts: five
 * setData a second for the page and all its components together). Created on attach, disposed on
 * detach.
 */
import { reaction } from 'mobx-miniprogram'
import { liveChatStore, type ChatMessage } from '../../stores/live-chat'
import { zegoLive } from '../../services/zego/index'
import { RingDiff } from '../../core/list-batcher'
import { CHAT_CAP, COMMENT_MAX_CHARACTERS, commentLength } from '../../core/live-comment'
import { bindFrameFields, frameSlotOf, postToView, releaseFrameSlot } from '../frame-view'

const panels = new WeakMap<object, () => void>()
/** The draft as typed; the view's copy may still wait for the panel's turn in the frame. */
const drafts = new WeakMap<object, string>()
const draftOf = (panel: object, shown: string): string => drafts.get(panel) ?? shown

Component({
  properties: {
    /** The room is live, so the server takes comments: show the input. */
    canSend: { type: Boolean, value: false },
  },
  data: {
    /** A ring of at most CHAT_CAP slots: new comments overwrite the oldest (core/list-batcher.ts). */
    messages: [] as ChatMessage[],
    /** The slot of the oldest comment once the ring is full; position i shows slot (head + i) % length. */
    head: 0,
    max: COMMENT_MAX_CHARACTERS,
    draft: '',
    count: 0,
    sending: false,
    errorText: '',
  },
  lifetimes: {
    attached(): void {
      const messages = new RingDiff<ChatMessage>('messages', 'head', CHAT_CAP)
      const slot = frameSlotOf(this, () => messages.take())
      const stopMessages = reaction(
        () => liveChatStore.messages,
        (list) => {
          messages.update(list)
          slot.request()
        },
        { fireImmediately: true },
      )
      const unbind = bindFrameFields(this, {
        sending: () => liveChatStore.sending,
        errorText: () => liveChatStore.failure?.message ?? '',
      })
      panels.set(this, () => {
        stopMessages()
        unbind()
        releaseFrameSlot(this)
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
      drafts.set(this, draft)
      postToView(this, { draft, count: commentLength(draft) }, { urgent: true })
    },
    onInput(e: WechatMiniprogram.Input): void {
      this.setDraft(e.detail.value)
    },
    async onSend(): Promise<void> {
      const text = draftOf(this, this.data.draft)
      if (!(await zegoLive.chat.send(text))) return
      // Typed on while it was sending: keep that.
      if (panels.has(this) && draftOf(this, this.data.draft) === text) this.setDraft('')
    },
    async onRetry(): Promise<void> {
      const text = liveChatStore.failure?.text
      if (!(await zegoLive.chat.retry())) return
      if (panels.has(this) && text !== undefined && draftOf(this, this.data.draft).trim() === text) this.setDraft('')
    },
  },
})
