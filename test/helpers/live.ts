/**
 * Shared set-up for live-room tests: the fake ZEGO engine injected the way the live subpackage
 * injects the real one, the fake server behind wx.request, and helpers to read the ordered
 * timeline of calls across the engine and the live components.
 */
import simulate from 'miniprogram-simulate'
import { provideZegoEngineConstructor } from '../../miniprogram/live/services/zego'
import { apiRetry } from '../../miniprogram/services/api'
import { roomStatusRetry } from '../../miniprogram/live/services/zego/room-status-report'
import { FakeZegoEngine, engineLedger, resetEngineBehaviour } from '../fakes/zego-engine'
import { FakeServer, makeGoods, makeRoom } from '../fakes/server-api'
import type { Goods } from '../../miniprogram/core/api-types'
import { wxLedger, wxPermissions } from '../fakes/wx'
import type { BatchTimer } from '../../miniprogram/live/core/list-batcher'
import { chatPanelFlush } from '../../miniprogram/live/components/chat-panel/flush'
import { loadUnit, openPage } from './load-page'

export type SimPage = ReturnType<typeof openPage>

export const ROOM = 'r1'
export const ANCHOR = 'anchor-1'
export const STREAM = `${ROOM}_${ANCHOR}_main`

export interface LiveTestContext {
  server: FakeServer
}

/** Call at the top of a test file; returns the context refreshed before each test. */
export function useLiveFakes(): LiveTestContext {
  const ctx = {} as LiveTestContext
  beforeAll(() => {
    provideZegoEngineConstructor(FakeZegoEngine)
    apiRetry.delaysMs = [0, 0]
    roomStatusRetry.delayMs = 0
    // Comments reach the view on the next tick; the setData-budget test drives the real interval.
    chatPanelFlush.intervalMs = 0
  })
  beforeEach(() => {
    resetEngineBehaviour()
    engineLedger.clear()
    wxLedger.clear()
    wxPermissions['scope.camera'] = true
    wxPermissions['scope.record'] = true
    getApp<IAppOption>().globalData.sessionToken = undefined
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{}, {}])
    ctx.server = new FakeServer().install()
    ctx.server.addRoom(makeRoom(ROOM))
  })
  return ctx
}

/** Lets answers, SDK promises, setData callbacks and the store bindings' nextTick all run. */
export async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) await simulate.sleep(0)
}

interface PageMethods {
  onUnload?: () => void
  onShow?: () => void
}

/** Unloads a page as WeChat does: onUnload, then its components detach. */
export function closePage(page: SimPage): void {
  ;(page.instance as unknown as PageMethods).onUnload?.()
  page.detach()
}

export function methods<T>(page: SimPage): T {
  return page.instance as unknown as T
}

export function text(page: SimPage): string {
  return (page.dom?.textContent ?? '').replace(/\s+/g, ' ')
}

/**
 * Engine calls and live-component context calls in the order they happened, e.g.
 * `stopPublishingStream(r1_anchor-1_main)`, `LivePusherContext.stop`.
 */
export function timeline(): string[] {
  const engine = engineLedger.calls
    .filter((c) => !['on', 'off', 'updatePlayerNetStatus', 'setDebugVerbose'].includes(c.method))
    .map((c) => ({ seq: c.seq, text: typeof c.args[0] === 'string' && c.method !== 'new ZegoExpressEngine' ? `${c.method}(${c.args[0]})` : c.method }))
  const contexts = wxLedger.calls
    .filter((c) => /^LivePusherContext\.|^LivePlayerContext\./.test(c.api))
    .map((c) => ({ seq: c.seq ?? 0, text: c.api }))
  return [...engine, ...contexts].sort((a, b) => a.seq - b.seq).map((x) => x.text)
}

/** POST /api/rooms/:id/status requests that left the app, failed ones included. */
export function statusRequests(server: FakeServer, roomId = ROOM): unknown[] {
  return server.requests.filter((r) => r.method === 'POST' && r.path === `/api/rooms/${roomId}/status`).map((r) => (r.body as { status?: unknown }).status)
}

/** Index of the first entry matching, -1 if none. */
export function at(list: string[], entry: string, from = 0): number {
  return list.indexOf(entry, from)
}

/** Finds the built-in live-pusher / live-player rendered inside a page's stream component. */
export function livePusher(page: SimPage): ReturnType<SimPage['querySelector']> {
  return page.querySelector('#pusher >>> #zego-native-pusher')
}

export function livePlayer(page: SimPage, streamID: string): ReturnType<SimPage['querySelector']> {
  return page.querySelector(`.viewer__player >>> #${streamID}`)
}

/** WeChat reporting a live component status code (bindstatechange). */
export function componentState(node: ReturnType<SimPage['querySelector']>, code: number): void {
  if (!node) throw new Error('live component not rendered')
  node.dispatchEvent('statechange', { detail: { code, message: '' } })
}

export function componentNetStatus(node: ReturnType<SimPage['querySelector']>): void {
  if (!node) throw new Error('live component not rendered')
  node.dispatchEvent('netstatus', { detail: { info: { videoBitrate: 1200, netSpeed: 1500 } } })
}

export function currentEngine(): FakeZegoEngine {
  return FakeZegoEngine.current()
}

/**
 * A stand-in for a plugin component (plugin://zego-e-commerce/…) that records its method calls in
 * the wx ledger as `plugin:<tag>.<method>`, so that order checks see them like context calls.
 */
export function recordingPluginStub(tag: string, methodNames: string[]): string {
  const recorded: Record<string, (this: { data: { url: string } }) => void> = {}
  for (const m of methodNames) {
    recorded[m] = function (this: { data: { url: string } }) {
      wxLedger.record(`plugin:${tag}.${m}`, [this.data.url])
    }
  }
  return simulate.load({
    id: `plugin-stub-${tag}`,
    template: '<slot />',
    properties: {
      url: { type: String, value: '' },
      sid: { type: String, value: '' },
      mode: { type: String, value: '' },
    },
    methods: recorded,
  }) as unknown as string
}

/** Engine and plugin-component calls in order (the plugin counterpart of timeline()). */
export function pluginTimeline(): string[] {
  const engine = engineLedger.calls
    .filter((c) => ['startPublishingStream', 'stopPublishingStream', 'startPlayingStream', 'stopPlayingStream', 'updatePlayerState', 'updatePlayerNetStatus'].includes(c.method))
    .map((c) => ({ seq: c.seq, text: `${c.method}(${String(c.args[0])})` }))
  const plugin = wxLedger.calls.filter((c) => c.api.startsWith('plugin:')).map((c) => ({ seq: c.seq ?? 0, text: c.api }))
  return [...engine, ...plugin].sort((a, b) => a.seq - b.seq).map((x) => x.text)
}

// ---- goods shelf and explain card ------------------------------------------------------------

/**
 * The anchor console and the viewer room share the goods-shelf, explain-card and chat-panel components.
 * simulate runs a component's script once per jest module registry, so a component reached from a
 * second page would come up without a definition; loading each once and handing the same ID to
 * both pages avoids that. A test file that opens both pages opens all of them through this.
 */
export function openLivePage(relPath: 'live/anchor/index' | 'live/viewer/index', query: Record<string, string> = {}): SimPage {
  return openPage(relPath, query, {
    usingComponents: {
      'goods-shelf': loadUnit('live/components/goods-shelf/index'),
      'explain-card': loadUnit('live/components/explain-card/index'),
      'chat-panel': loadUnit('live/components/chat-panel/index'),
    },
  })
}

/** Puts these goods on the room's shelf, in this order (the server leaves drafts out). */
export function stockShelf(server: FakeServer, goods: Goods[], roomId = ROOM): void {
  server.addGoods(...goods)
  server.addRoom(makeRoom(roomId, { shelf: goods.map((g) => g.id) }))
}

/** Three goods on sale at ¥19.90, ¥5.00 and ¥128.00. */
export function threeGoods(): Goods[] {
  return [makeGoods('g1'), makeGoods('g2', { title: '保温杯', priceFen: 500 }), makeGoods('g3', { title: '羊毛围巾', priceFen: 12800 })]
}

type Node = NonNullable<ReturnType<SimPage['querySelector']>>

function required(node: ReturnType<SimPage['querySelector']>, what: string): Node {
  if (!node) throw new Error(`${what} not rendered`)
  return node
}

/** Taps the shelf button and lets the popup open. */
export async function openShelf(page: SimPage): Promise<void> {
  required(page.querySelector('#shelf >>> .goods-shelf__trigger'), 'shelf button').dispatchEvent('click')
  await settle()
}

export function shelfItems(page: SimPage): Node[] {
  return page.querySelectorAll('#shelf >>> .goods-shelf__item') as Node[]
}

/** The texts rendered inside a node, one entry per text node, joined by single spaces. */
function words(node: Node): string {
  const out: string[] = []
  const walk = (n: globalThis.Node): void => {
    if (n.nodeType === 3) {
      const t = (n.textContent ?? '').trim()
      if (t) out.push(t)
    }
    n.childNodes.forEach(walk)
  }
  if (node.dom) walk(node.dom)
  return out.join(' ')
}

/** Each listed goods as one line of text, e.g. "商品 g1 ¥19.90 去看看". */
export function shelfLines(page: SimPage): string[] {
  return shelfItems(page).map(words)
}

/** The explain card's text, e.g. "讲解中 商品 g1 ¥19.90 去看看"; '' when no card is shown. */
export function explainCardText(page: SimPage): string {
  const card = page.querySelector('#explain >>> .explain-card')
  return card ? words(card) : ''
}

// ---- live comments -------------------------------------------------------------------------

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
