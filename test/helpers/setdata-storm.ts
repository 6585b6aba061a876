/**
 * The viewer room under a storm, on jest's fake clock: every second 50 comments, 100 likes from the
 * room (announced by the server once a second, as it does) and 5 taps of one's own, one net status
 * and one quality sample for the playing stream, and one online count. Beside it, in the same run
 * and from the same events, a naive page that calls setData once per event with whole lists.
 * Every setData of the room (the page and each of its components: chat panel, like button,
 * explain card, goods shelf, buy popup, player) and of the naive page is recorded with its time,
 * size and whether it carried anything the view already had.
 * Used by the setData budget test and by `npm run bench:setdata`; the caller turns fake timers on.
 */
import simulate from 'miniprogram-simulate'
import { STREAM, ANCHOR, ROOM, currentEngine, componentNetStatus, componentState, livePlayer, required, stockShelf, threeGoods, type SimPage } from './live'
import { openPage } from './load-page'
import { announceLikes, installLikes } from '../fakes/likes-server'
import { playStats } from '../fakes/zego-fixtures'
import { serverCommentBatch } from '../fakes/server-comment-batch'
import { viewerDisplayName } from '../../miniprogram/contract/comment-rules'
import type { FakeServer } from '../fakes/server-api'
import { liveFrame } from '../../miniprogram/live/core/frame-scheduler'
import { likeSending } from '../../miniprogram/live/services/zego/like-control'
import { systemTimer } from '../../miniprogram/live/core/list-batcher'
import { CHAT_CAP } from '../../miniprogram/live/core/live-comment'
import { likesText } from '../../miniprogram/live/core/likes'

export const STORM = { commentsPerSecond: 50, roomLikesPerSecond: 100, ownTapsPerSecond: 5 } as const

export interface SetDataCall {
  unit: string
  /** Milliseconds since the storm began (fake clock). */
  at: number
  bytes: number
  keys: string[]
  /** Keys whose value equals what the view already held. */
  unchanged: string[]
}

export interface StormResult {
  seconds: number
  room: SetDataCall[]
  naive: SetDataCall[]
  /** What the room showed once the storm was over: its newest comment and the like count. */
  shown: { lastComment: string; comments: number; likes: string; expectedLastComment: string; expectedLikes: string }
}

type DataHolder = { data: Record<string, unknown>; setData: (d: Record<string, unknown>, cb?: () => void) => void }

/** The value at a setData path ('messages[41]', 'a.b') in `data`; undefined when absent. */
function valueAt(data: Record<string, unknown>, path: string): unknown {
  let node: unknown = data
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

const same = (a: unknown, b: unknown): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b)

function record(unit: string, instance: DataHolder, into: SetDataCall[], start: () => number): void {
  const original = instance.setData.bind(instance)
  instance.setData = (data, cb) => {
    const keys = Object.keys(data)
    into.push({
      unit,
      at: Date.now() - start(),
      bytes: Buffer.byteLength(JSON.stringify(data), 'utf8'),
      keys,
      unchanged: keys.filter((k) => same(valueAt(instance.data, k), data[k])),
    })
    original(data, cb)
  }
}

const naiveTemplate = `
<view class="naive">
  <view>{{title}}</view><view>{{online}}人在看</view><view>{{likes}}</view>
  <view wx:for="{{hearts}}" wx:key="*this">❤</view>
  <view wx:for="{{messages}}" wx:key="id"><text>{{item.nickname}}</text><text>{{item.text}}</text></view>
  <view>{{quality.video.videoFPS}}</view><view>{{netStatus.videoBitrate}}</view>
</view>`

interface NaiveView {
  messages: Array<{ id: string; nickname: string; text: string }>
  hearts: number[]
  likes: number
}

/** The page a first version would be: every event a setData, every list sent whole. */
function openNaivePage(): { page: SimPage; instance: DataHolder } {
  const id = simulate.load({ template: naiveTemplate, data: { title: '直播间', online: 0, likes: 0, hearts: [], messages: [], quality: {}, netStatus: {} } })
  const page = simulate.render(id)
  page.attach(document.createElement('parent-wrapper'))
  return { page: page as unknown as SimPage, instance: page.instance as unknown as DataHolder }
}

/** Lets `ms` of the fake clock pass, running timers, answers and the bindings' ticks in order. */
async function elapse(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms)
}

/** Runs the storm for `seconds`; jest fake timers must be on (the clock is theirs). */
export async function runStorm(server: FakeServer, seconds: number): Promise<StormResult> {
  liveFrame.reset()
  liveFrame.timer = systemTimer
  liveFrame.intervalMs = 200
  likeSending.timer = systemTimer
  const likes = installLikes(server)
  // Goods on the shelf, so the shelf is part of the room whose calls are counted.
  stockShelf(server, threeGoods())

  const page = openPage('live/viewer/index', { roomId: ROOM })
  await elapse(100)
  currentEngine().streamAdded(STREAM, ANCHOR)
  await elapse(100)
  componentState(livePlayer(page, STREAM), 2004)
  await elapse(500)
  const naive = openNaivePage()

  let t0 = Date.now()
  const start = (): number => t0
  const room: SetDataCall[] = []
  const naiveCalls: SetDataCall[] = []
  record('page', page.instance as unknown as DataHolder, room, start)
  // Every part of the room: the page and each component it renders.
  for (const unit of ['#chat', '#likes', '#explain', '#shelf', '#buy', '.viewer__player']) {
    record(unit.replace(/^[#.]/, ''), required(page.querySelector(unit), unit).instance as unknown as DataHolder, room, start)
  }
  record('naive', naive.instance, naiveCalls, start)
  const naiveData = naive.instance.data as unknown as NaiveView
  t0 = Date.now()

  const tapButton = required(page.querySelector('#likes >>> .like-button'), 'like button')
  let serial = 0
  let roomLikes = 0
  let heartSerial = 0
  // 20 ms steps: a comment and two room likes each, own taps every 200 ms.
  for (let ms = 0; ms < seconds * 1000; ms += 20) {
    serial += 1
    const comment = { id: `storm-${serial}`, text: `第${serial}条评论：这件怎么样`, userId: `u_viewer${serial % 97}` }
    currentEngine().comments([serverCommentBatch(ROOM, [[comment.id, comment.text, comment.userId]])])
    naive.instance.setData({ messages: [...naiveData.messages, { id: comment.id, nickname: viewerDisplayName(comment.userId), text: comment.text }].slice(-CHAT_CAP) })
    for (let i = 0; i < STORM.roomLikesPerSecond / STORM.commentsPerSecond; i++) {
      roomLikes += 1
      naive.instance.setData({ likes: naiveData.likes + 1 })
    }
    if (ms % 200 === 0) {
      tapButton.dispatchEvent('tap')
      heartSerial += 1
      naive.instance.setData({ likes: naiveData.likes + 1, hearts: [...naiveData.hearts, heartSerial].slice(-20) })
    }
    if (ms % 1000 === 500) {
      // What the server announces once a second: the room's likes and the batches it took.
      announceLikes(ROOM, roomLikes + (likes.totals.get(ROOM) ?? 0))
      const second = ms / 1000
      // A poor second now and then, so quality changes level as a real stream's does.
      const stats = second % 15 === 7 ? playStats(4, 0.2) : playStats(24 + (second % 3), 0.001 * (second % 4))
      currentEngine().fire('playQualityUpdate', STREAM, stats)
      naive.instance.setData({ quality: stats })
      componentNetStatus(livePlayer(page, STREAM))
      naive.instance.setData({ netStatus: { videoBitrate: 1200 + (second % 7), netSpeed: 1500 } })
      currentEngine().onlineCount(800 + second * 3)
      naive.instance.setData({ online: 800 + second * 3 })
    }
    await elapse(20)
  }
  // After the storm: the last batch of own taps lands, the server announces the total once more.
  await elapse(1500)
  announceLikes(ROOM, roomLikes + (likes.totals.get(ROOM) ?? 0))
  await elapse(1500)
  const lines = page.querySelectorAll('#chat >>> .chat-panel__message').map((n) => (n.dom?.textContent ?? '').replace(/\s+/g, ' ').trim())
  const shown = {
    lastComment: lines[lines.length - 1] ?? '',
    comments: lines.length,
    likes: (page.querySelector('#likes >>> .like-button__count')?.dom?.textContent ?? '').trim(),
    expectedLastComment: `第${serial}条评论：这件怎么样`,
    expectedLikes: likesText(roomLikes + (likes.totals.get(ROOM) ?? 0)),
  }
  ;(page.instance as unknown as { onUnload(): void }).onUnload()
  page.detach()
  naive.page.detach()
  liveFrame.reset()
  liveFrame.intervalMs = 0
  return { seconds, shown, room: room.filter((c) => c.at < seconds * 1000), naive: naiveCalls.filter((c) => c.at < seconds * 1000) }
}

export interface StormFigures {
  calls: number
  perSecondMean: number
  perSecondMax: number
  bytesMean: number
  bytesMax: number
  bytesTotal: number
  withUnchanged: number
}

/** Calls in each second of the storm. */
export function callsPerSecond(calls: SetDataCall[], seconds: number): number[] {
  const buckets = new Array<number>(seconds).fill(0)
  for (const c of calls) buckets[Math.floor(c.at / 1000)] += 1
  return buckets
}

export function figures(calls: SetDataCall[], seconds: number): StormFigures {
  const perSecond = callsPerSecond(calls, seconds)
  const bytes = calls.map((c) => c.bytes)
  const total = bytes.reduce((a, b) => a + b, 0)
  return {
    calls: calls.length,
    perSecondMean: calls.length / seconds,
    perSecondMax: Math.max(0, ...perSecond),
    bytesMean: calls.length === 0 ? 0 : total / calls.length,
    bytesMax: Math.max(0, ...bytes),
    bytesTotal: total,
    withUnchanged: calls.filter((c) => c.unchanged.length > 0).length,
  }
}
