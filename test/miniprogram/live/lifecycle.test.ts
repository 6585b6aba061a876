/**
 * Entering and leaving many times must leave nothing behind: no listeners beyond the engine's
 * once-only set, no stream started and not stopped, at most one engine alive.
 */
import { getObserverTree } from 'mobx-miniprogram'
import { ANCHOR, ROOM, closePage, currentEngine, methods, openLiveAnchor, openViewer, settle, stockShelf, threeGoods, useLiveFakes, watchAnchor } from '../../helpers/live'
import { chatLines, tapSend, typeComment } from '../../helpers/live-chat'
import { registeredZegoEvents } from '../../../miniprogram/live/services/zego'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { liveChatStore } from '../../../miniprogram/live/stores/live-chat'
import { engineLedger, fakeRoomExtraInfo } from '../../fakes/zego-cloud'
import { FakeZegoEngine } from '../../fakes/zego-engine'
import { serverCommentBatch } from '../../fakes/server-comment-batch'
import { wxEvents } from '../../fakes/wx'

const ctx = useLiveFakes()
// Enough lifetimes that anything left behind per visit adds up past the checks' zero; the viewer
// runs past the 50 earlier comments a session first shows, so that window is crossed too.
const anchorCycles = 30
const viewerCycles = 60
// Page lifetimes take a few seconds, more on a loaded CI machine; the limit is not an assertion.
jest.setTimeout(120_000)

/** Reactions still watching the chat store (the chat panel's own and its bindings'). */
function chatObservers(): number {
  return (['roomId', 'messages', 'sending', 'failure'] as const).reduce((n, key) => n + (getObserverTree(liveChatStore, key).observers?.length ?? 0), 0)
}

function leftovers() {
  const engines = FakeZegoEngine.instances
  return {
    chatObservers: chatObservers(),
    aliveEngines: FakeZegoEngine.alive().length,
    listenersOnAllEngines: engines.reduce((n, e) => n + e.listenerCount(), 0),
    streamsNotStopped: engines.reduce((n, e) => n + e.publishing.size + e.playing.size, 0),
    wxListeners: wxEvents.count(),
  }
}

describe('repeated enter/leave cycles', () => {
  it('the once-only set is the ten stream and room callbacks plus live comments and likes', () => {
    expect(registeredZegoEvents).toHaveLength(12)
    expect(registeredZegoEvents).toContain('IMRecvBarrageMessage')
    expect(registeredZegoEvents).toContain('IMRecvCustomCommand')
  })

  it('anchor: go live, explain a goods and leave each time', async () => {
    stockShelf(ctx.server, threeGoods())
    ctx.server.userId = ANCHOR
    ctx.server.role = 'anchor'
    const before = FakeZegoEngine.instances.length
    let maxAlive = 0
    for (let i = 0; i < anchorCycles; i++) {
      const page = await openLiveAnchor(ctx.server)
      expect([i, liveRoomStore.isLive, liveRoomStore.statusText]).toEqual([i, true, '直播中'])
      methods<{ onExplain(e: { detail: { goodsId: string } }): void }>(page).onExplain({ detail: { goodsId: 'g2' } })
      await settle()
      expect([i, liveRoomStore.explainingGoods?.id]).toEqual([i, 'g2'])
      const engine = currentEngine()
      // While in the room: exactly the once-only set, once each.
      expect(engine.listenerCount()).toBe(registeredZegoEvents.length)
      expect(engine.registeredEvents().sort()).toEqual([...registeredZegoEvents].sort())
      maxAlive = Math.max(maxAlive, FakeZegoEngine.alive().length)
      closePage(page)
    }
    expect(FakeZegoEngine.instances.length - before).toBe(anchorCycles)
    // Each session starts with nothing explained, and ZEGO dropped the info with the empty room.
    expect(engineLedger.of('setRoomExtraInfo')).toHaveLength(anchorCycles)
    expect(liveRoomStore.explainingGoodsId).toBe('')
    expect(fakeRoomExtraInfo.size).toBe(0)
    expect(maxAlive).toBe(1)
    expect(leftovers()).toEqual({ chatObservers: 0, aliveEngines: 0, listenersOnAllEngines: 0, streamsNotStopped: 0, wxListeners: 0 })
  })

  it('viewer: play the anchor, read and send comments, and leave each time', async () => {
    let maxAlive = 0
    for (let i = 0; i < viewerCycles; i++) {
      const page = await watchAnchor()
      expect(liveRoomStore.isLive).toBe(true)
      currentEngine().comments([serverCommentBatch(ROOM, [[`m${i}`, `第${i}条`, 'user-1234']])])
      typeComment(page, `评论${i}`)
      await tapSend(page)
      // The server keeps the comments it delivered, so each session first shows the newest 50 earlier ones.
      const earlier = Array.from({ length: i }, (_, k) => `观众er-1 评论${k}`).slice(-50)
      expect([i, chatLines(page)]).toEqual([i, [...earlier, `观众1234 第${i}条`, `观众er-1 评论${i}`]])
      expect(currentEngine().listenerCount()).toBe(registeredZegoEvents.length)
      expect(chatObservers()).toBeGreaterThan(0)
      maxAlive = Math.max(maxAlive, FakeZegoEngine.alive().length)
      closePage(page)
    }
    expect(maxAlive).toBe(1)
    expect(leftovers()).toEqual({ chatObservers: 0, aliveEngines: 0, listenersOnAllEngines: 0, streamsNotStopped: 0, wxListeners: 0 })
  })

  it('a second live page shares the one engine; it is destroyed when the last one closes', async () => {
    const first = await openViewer()
    const second = await openViewer()
    expect(FakeZegoEngine.alive()).toHaveLength(1)
    closePage(second)
    expect(FakeZegoEngine.alive()).toHaveLength(1)
    closePage(first)
    expect(leftovers()).toEqual({ chatObservers: 0, aliveEngines: 0, listenersOnAllEngines: 0, streamsNotStopped: 0, wxListeners: 0 })
  })
})
