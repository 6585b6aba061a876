/**
 * Live-comment helpers for the chat panel on both live pages: a timer the test drives for the
 * panel's batched flushes, the rendered comments, and typing, sending and retrying as a person would.
 */
import type { BatchTimer } from '../../miniprogram/live/core/list-batcher'
import type { FakeServer } from '../fakes/server-api'
import { ROOM, required, settle, words, type Node, type SimPage } from './live'

/** A BatchTimer the test drives: nothing runs until `advance` passes its due time. */
export interface ManualTimer extends BatchTimer {
  advance(ms: number): void
  pending(): number
}

export function manualTimer(): ManualTimer {
  let now = 0
  let serial = 0
  const due = new Map<number, { at: number; run: () => void }>()
  return {
    start(run, ms) {
      const handle = ++serial
      due.set(handle, { at: now + ms, run })
      return handle
    },
    cancel(handle) {
      due.delete(handle as number)
    },
    advance(ms) {
      const until = now + ms
      for (;;) {
        const next = [...due.entries()].filter(([, d]) => d.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
        if (!next) break
        due.delete(next[0])
        now = next[1].at
        next[1].run()
      }
      now = until
    },
    pending: () => due.size,
  }
}

/** Each rendered comment as "nickname text", oldest first. */
export function chatLines(page: SimPage): string[] {
  return (page.querySelectorAll('#chat >>> .chat-panel__message') as Node[]).map(words)
}

export function chatErrorText(page: SimPage): string {
  const node = page.querySelector('#chat >>> .chat-panel__error-text')
  return node ? words(node) : ''
}

export function chatInput(page: SimPage): ReturnType<SimPage['querySelector']> {
  return page.querySelector('#chat >>> .chat-panel__input')
}

/** Types into the comment input as WeChat reports it (bindinput). */
export function typeComment(page: SimPage, value: string): void {
  required(chatInput(page), 'comment input').dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } })
}

/** Whether 发送 is enabled, as the Vant button renders it. */
export function sendEnabled(page: SimPage): boolean {
  const button = required(page.querySelector('#chat >>> .chat-panel__send'), '发送 button')
  return !(button.data as { disabled?: boolean }).disabled
}

export async function tapSend(page: SimPage): Promise<void> {
  required(page.querySelector('#chat >>> .chat-panel__send'), '发送 button').dispatchEvent('click')
  await settle()
}

export async function tapRetry(page: SimPage): Promise<void> {
  required(page.querySelector('#chat >>> .chat-panel__retry'), '重试 button').dispatchEvent('click')
  await settle()
}

/** POST /api/rooms/:id/comments requests that left the app, failed ones included. */
export function commentRequests(server: FakeServer, roomId = ROOM): unknown[] {
  return server.requests.filter((r) => r.method === 'POST' && r.path === `/api/rooms/${roomId}/comments`).map((r) => r.body)
}
