/**
 * Live comments of the current session. Sending goes through the merchant server (it checks the
 * text with WeChat and broadcasts it with ZEGO's SendBarrageMessage), never straight to ZEGO;
 * everyone else receives it as IMRecvBarrageMessage, routed here by callback-router.ts. ZEGO does
 * not deliver a message to its sender, so our own comment is added from the server's answer.
 */
import type { LiveComment } from '../../../core/api-types'
import { commentFailureText, commentFits, type IncomingComment } from '../../core/live-comment'
import { liveChatStore as store } from '../../stores/live-chat'
import { ApiError } from '../../../services/api'
import { fetchLiveComments } from '../live-api'
import type { Session } from './session'

export type SendComment = (roomId: string, text: string) => Promise<LiveComment>

const incoming = (c: LiveComment): IncomingComment => ({ id: c.id, userId: c.userId, nickname: c.nickname, text: c.text, sentAt: c.sentAt * 1000 })

/**
 * The room's earlier comments for a session that just entered: ZEGO only delivers a barrage to
 * those in the room at that moment, so a late viewer would otherwise see nothing said before.
 * Merged with what arrived live meanwhile. Best effort: a failure leaves the chat as it is, and
 * an answer for a session that is no longer open is dropped.
 */
export async function loadChatHistory(s: Session, stillOpen: () => boolean): Promise<void> {
  let comments: LiveComment[]
  try {
    comments = await fetchLiveComments(s.roomId)
  } catch {
    return
  }
  if (!stillOpen() || store.roomId !== s.roomId) return
  store.history(comments.map(incoming), s.userId)
}

export interface ChatHost {
  session(): Session | null
  sendComment(): SendComment
}

function failureMessage(err: unknown): string {
  if (err instanceof ApiError) return err.kind === 'network' ? err.message : commentFailureText(err.status, err.message)
  return commentFailureText(0, '')
}

export class ChatControl {
  /** Bumped when a session begins or ends, so that a late answer for an old room is dropped. */
  private generation = 0

  constructor(private readonly host: ChatHost) {}

  /** A live page opened a room, or left it (''): the chat starts empty either way. */
  reset(roomId: string): void {
    this.generation++
    store.begin(roomId)
  }

  /** IMRecvBarrageMessage of the current room (the router checked the room). */
  received(s: Session, comments: readonly IncomingComment[]): void {
    store.received(comments, s.userId)
  }

  /**
   * Sends one comment; resolves true once it is shown. On failure the store keeps the text and a
   * readable reason, and `retry()` sends that text again.
   */
  async send(text: string): Promise<boolean> {
    const s = this.host.session()
    const trimmed = text.trim()
    // The server would refuse these; one comment at a time keeps the answers in order.
    if (!s || store.sending || !commentFits(trimmed)) return false
    const generation = this.generation
    store.sendStarted()
    try {
      const c = await this.host.sendComment()(s.roomId, trimmed)
      if (generation !== this.generation) return false
      store.sent(incoming(c))
      return true
    } catch (err) {
      if (generation !== this.generation) return false
      store.sendFailed({ text: trimmed, message: failureMessage(err) })
      return false
    }
  }

  retry(): Promise<boolean> {
    const failed = store.failure
    return failed ? this.send(failed.text) : Promise.resolve(false)
  }

  dismissFailure(): void {
    store.clearFailure()
  }
}
