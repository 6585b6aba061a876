/**
 * Live comments of the room a live page is in, and the state of the person's own comment on its
 * way. Fed by services/zego (chat-control.ts); never calls wx.*. Kept apart from live-room.ts:
 * comments change far more often than anything else on the page, and only the chat panel reads them.
 *
 * `messages` is replaced, never mutated, and capped at CHAT_CAP (core/live-comment.ts). The panel
 * does not bind it as a field (that would send the whole array per comment); it observes it and
 * batches the changes (core/list-batcher.ts).
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import { CHAT_CAP, type IncomingComment } from '../core/live-comment'

export interface ChatMessage {
  readonly id: string
  readonly nickname: string
  readonly text: string
  /** Sent from this client (shown differently, and never from ZEGO: it does not echo to the sender). */
  readonly mine: boolean
  /** Epoch milliseconds. */
  readonly sentAt: number
}

/** The last send did not go through; `text` is the draft, kept so nothing typed is lost. */
export interface ChatSendFailure {
  readonly text: string
  readonly message: string
}

const noMessages: readonly ChatMessage[] = []

export class LiveChatStore {
  roomId = ''
  messages: readonly ChatMessage[] = noMessages
  sending = false
  failure: ChatSendFailure | null = null
  /** IDs in `messages`: ZEGO may deliver a message twice, and our own may come back as an echo. */
  private readonly ids = new Set<string>()

  constructor() {
    makeAutoObservable<LiveChatStore, 'ids'>(this, { ids: false }, { autoBind: true })
  }

  /** A live page's session starts (or ends, with ''): the previous room's comments go. */
  begin(roomId: string): void {
    this.roomId = roomId
    this.messages = noMessages
    this.ids.clear()
    this.sending = false
    this.failure = null
  }

  end(): void {
    this.begin('')
  }

  /** Comments for this room, in the order they came; already known IDs are skipped. */
  received(comments: readonly IncomingComment[], ownUserId: string): void {
    const fresh: ChatMessage[] = []
    for (const c of comments) {
      if (!c.id || this.ids.has(c.id)) continue
      this.ids.add(c.id)
      fresh.push({ id: c.id, nickname: c.nickname, text: c.text, mine: ownUserId !== '' && c.userId === ownUserId, sentAt: c.sentAt })
    }
    if (fresh.length === 0) return
    const all = [...this.messages, ...fresh]
    const kept = all.length > CHAT_CAP ? all.slice(all.length - CHAT_CAP) : all
    for (let i = 0; i < all.length - kept.length; i++) this.ids.delete(all[i].id)
    this.messages = kept
  }

  /**
   * The room's earlier comments (oldest first), loaded once after entering. They go before what
   * arrived live meanwhile: the server only has comments that were already delivered, so anything
   * received live and missing from them is newer. IDs already shown are skipped.
   */
  history(comments: readonly IncomingComment[], ownUserId: string): void {
    const earlier: ChatMessage[] = []
    const seen = new Set<string>()
    for (const c of comments) {
      if (!c.id || this.ids.has(c.id) || seen.has(c.id)) continue
      seen.add(c.id)
      earlier.push({ id: c.id, nickname: c.nickname, text: c.text, mine: ownUserId !== '' && c.userId === ownUserId, sentAt: c.sentAt })
    }
    if (earlier.length === 0) return
    const all = [...earlier, ...this.messages]
    const kept = all.length > CHAT_CAP ? all.slice(all.length - CHAT_CAP) : all
    for (const m of kept) this.ids.add(m.id)
    this.messages = kept
  }

  sendStarted(): void {
    this.sending = true
    this.failure = null
  }

  /** The server took our comment; it is shown from its answer, once. */
  sent(comment: IncomingComment): void {
    this.sending = false
    this.failure = null
    this.received([comment], comment.userId)
  }

  sendFailed(failure: ChatSendFailure): void {
    this.sending = false
    this.failure = failure
  }

  clearFailure(): void {
    this.failure = null
  }
}

export const liveChatStore = new LiveChatStore()
