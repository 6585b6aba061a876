/**
 * Shared set-up for live-room tests: the fake ZEGO engine injected the way the live subpackage
 * injects the real one, the fake server behind wx.request, and helpers to read the ordered
 * timeline of calls across the engine and the live components.
 */
import simulate from 'miniprogram-simulate'
import { provideZegoEngineConstructor } from '../../miniprogram/live/services/zego'
import { apiRetry } from '../../miniprogram/services/api'
import { roomStatusRetry } from '../../miniprogram/live/services/zego/room-status-report'
import { engineLedger, resetEngineBehaviour } from '../fakes/zego-cloud'
import { FakeZegoEngine } from '../fakes/zego-engine'
import { FakeServer } from '../fakes/server-api'
import { makeGoods, makeRoom } from '../fakes/server-fixtures'
import type { Goods } from '../../miniprogram/core/api-types'
import { wxLedger, wxPermissions } from '../fakes/wx'
import { liveFrame } from '../../miniprogram/live/core/frame-scheduler'
import { systemTimer } from '../../miniprogram/live/core/list-batcher'
import { openPage } from './load-page'
import { liveRoomStore } from '../../miniprogram/live/stores/live-room'

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
    // Views get their data on the next tick; the setData-budget tests drive the real interval.
    liveFrame.intervalMs = 0
  })
  beforeEach(() => {
    liveFrame.reset()
    liveFrame.timer = systemTimer
    liveFrame.intervalMs = 0
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

// ---- opening the live pages ------------------------------------------------------------------

/** Opens the console signed in as the room's anchor and lets it enter the room (preview, not live). */
export async function openAnchor(server: FakeServer): Promise<SimPage> {
  server.userId = ANCHOR
  server.role = 'anchor'
  const page = openPage('live/anchor/index', { roomId: ROOM })
  await settle()
  return page
}

/** Taps 开始直播 and has WeChat report the pusher started (1002): the console is live. */
export async function goLive(page: SimPage): Promise<void> {
  methods<{ onStatusAction(): void }>(page).onStatusAction()
  await settle()
  componentState(livePusher(page), 1002)
  await settle()
  expect(liveRoomStore.isLive).toBe(true)
}

/** The anchor console, live. */
export async function openLiveAnchor(server: FakeServer): Promise<SimPage> {
  const page = await openAnchor(server)
  await goLive(page)
  return page
}

/** Opens the viewer room (signed in as the fake server's viewer) and lets it enter the room. */
export async function openViewer(roomId = ROOM): Promise<SimPage> {
  const page = openPage('live/viewer/index', { roomId })
  await settle()
  return page
}

/** A viewer watching: the anchor's stream appears and WeChat reports playback started (2004). */
export async function watchAnchor(): Promise<SimPage> {
  const page = await openViewer()
  currentEngine().streamAdded(STREAM, ANCHOR)
  await settle()
  componentState(livePlayer(page, STREAM), 2004)
  await settle()
  expect(liveRoomStore.viewerPhase).toBe('live')
  return page
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

/** Puts these goods on the room's shelf, in this order (the server leaves drafts out). */
export function stockShelf(server: FakeServer, goods: Goods[], roomId = ROOM): void {
  server.addGoods(...goods)
  server.addRoom(makeRoom(roomId, { shelf: goods.map((g) => g.id) }))
}

/** Three goods on sale at ¥19.90, ¥5.00 and ¥128.00. */
export function threeGoods(): Goods[] {
  return [makeGoods('g1'), makeGoods('g2', { title: '保温杯', priceFen: 500 }), makeGoods('g3', { title: '羊毛围巾', priceFen: 12800 })]
}

export type Node = NonNullable<ReturnType<SimPage['querySelector']>>

export function required(node: ReturnType<SimPage['querySelector']>, what: string): Node {
  if (!node) throw new Error(`${what} not rendered`)
  return node
}

/** Vant's popup shows its content one animation frame after `show`, a 1000/30 ms timer in its CommonJS build. */
const vantFrameMs = 1000 / 30

/** Taps the shelf button and lets the popup open and render its content. */
export async function openShelf(page: SimPage): Promise<void> {
  required(page.querySelector('#shelf >>> .goods-shelf__trigger'), 'shelf button').dispatchEvent('click')
  await settle()
  await simulate.sleep(2 * vantFrameMs)
  await settle()
}

export function shelfItems(page: SimPage): Node[] {
  return page.querySelectorAll('#shelf >>> .goods-shelf__item') as Node[]
}

/** The texts rendered inside a node, one entry per text node, joined by single spaces. */
export function words(node: Node): string {
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

/** Each listed goods as one line of text, e.g. "商品 g1 ¥19.90 立即购买". */
export function shelfLines(page: SimPage): string[] {
  return shelfItems(page).map(words)
}

/** The explain card's text, e.g. "讲解中 商品 g1 ¥19.90 立即购买"; '' when no card is shown. */
export function explainCardText(page: SimPage): string {
  const card = page.querySelector('#explain >>> .explain-card')
  return card ? words(card) : ''
}
