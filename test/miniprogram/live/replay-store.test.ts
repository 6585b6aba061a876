/**
 * The replay store's loading and URL refresh on their own, against a fake source: what the
 * shopper sees after each answer or failure, and that an answer arriving after the page closed
 * is dropped.
 */
import type { RoomReplay } from '../../../miniprogram/core/api-types'
import type { LoadedReplays } from '../../../miniprogram/live/services/replay-api'
import type { ReplaySource } from '../../../miniprogram/live/services/replay-source'
import { ReplayStore } from '../../../miniprogram/live/stores/replay'

const NOW = 1_741_140_000

const replay = (urls: string[], expiresAt: number | null = null): RoomReplay => ({
  sessionId: 'live_1',
  startedMs: 0,
  endedMs: 1_200_000,
  segments: urls.map((url, i) => ({ url, startMs: i * 600_000, durationMs: 600_000, sizeBytes: 1, expiresAt })),
  explains: [],
  partial: false,
})

class FakeReplaySource implements ReplaySource {
  /** The next answers, in order; the last one repeats. An Error is a failed request. */
  answers: Array<LoadedReplays | Error> = [{ title: '昨晚专场', replays: [replay(['a.mp4', 'b.mp4'])], shelfGoods: [] }]
  asked: string[] = []
  now = NOW
  /** When set, the next request waits until the test calls it. */
  hold: ((release: () => void) => void) | null = null

  replays(roomId: string): Promise<LoadedReplays> {
    const answer = this.answers[Math.min(this.asked.length, this.answers.length - 1)]!
    this.asked.push(roomId)
    const settle = (): Promise<LoadedReplays> => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer))
    const hold = this.hold
    if (hold === null) return settle()
    this.hold = null
    return new Promise<void>((release) => hold(release)).then(settle)
  }
  nowSeconds(): number {
    return this.now
  }
}

let source: FakeReplaySource
let store: ReplayStore

beforeEach(() => {
  source = new FakeReplaySource()
  store = new ReplayStore(source)
})

/** Lets the answers on their way arrive. */
const answered = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

const shown = (s: ReplayStore): { view: string; errorMessage: string; url: string } => ({ view: s.view, errorMessage: s.errorMessage, url: s.current?.url ?? '' })

describe('replay store', () => {
  it('loading → ready with the first segment of the newest live', async () => {
    const opening = store.open('r1')
    expect(shown(store)).toEqual({ view: 'loading', errorMessage: '', url: '' })
    await opening
    expect(shown(store)).toEqual({ view: 'ready', errorMessage: '', url: 'a.mp4' })
    expect(store.title).toBe('昨晚专场')
    expect(source.asked).toEqual(['r1'])
  })

  it('says when no room is named, asking nothing', async () => {
    await store.open('')
    expect(shown(store)).toEqual({ view: 'error', errorMessage: '没有指定直播间', url: '' })
    expect(source.asked).toEqual([])
  })

  it('loading → empty when the room has no replay', async () => {
    source.answers = [{ title: 't', replays: [], shelfGoods: [] }]
    await store.open('r1')
    expect(store.view).toBe('empty')
  })

  it('loading → error says why, and 重试 loads the same room again', async () => {
    source.answers = [new Error('服务暂不可用'), { title: 't', replays: [replay(['a.mp4'])], shelfGoods: [] }]
    await store.open('r1')
    expect(shown(store)).toEqual({ view: 'error', errorMessage: '回放加载失败：服务暂不可用，请重试', url: '' })
    await store.retry()
    expect(shown(store)).toEqual({ view: 'ready', errorMessage: '', url: 'a.mp4' })
    expect(source.asked).toEqual(['r1', 'r1'])
  })

  it('asks for fresh URLs when the video fails, resumes where it was, and calls a second failure on them a playback failure', async () => {
    await store.open('r1')
    store.timeUpdated(200)
    source.answers = [{ title: 't', replays: [replay(['a2.mp4', 'b2.mp4'])], shelfGoods: [] }]
    source.asked = []
    store.videoFailed()
    expect(store.refreshing).toBe(true)
    // A second error while the refresh runs asks nothing more.
    store.videoFailed()
    await answered()
    expect(source.asked).toEqual(['r1'])
    expect(store.refreshing).toBe(false)
    expect(shown(store)).toEqual({ view: 'ready', errorMessage: '', url: 'a2.mp4' })
    expect(store.seekTo).toEqual({ index: 0, seconds: 200 })

    store.videoFailed()
    expect(shown(store)).toEqual({ view: 'error', errorMessage: '视频播放失败，请检查网络后重试', url: '' })
    expect(source.asked).toEqual(['r1'])
  })

  it('says the refresh failed, and that a replay gone meanwhile is no longer available', async () => {
    await store.open('r1')
    source.answers = [new Error('网络异常')]
    store.videoFailed()
    await answered()
    expect(shown(store)).toMatchObject({ view: 'error', errorMessage: '回放加载失败：网络异常，请重试' })

    source.answers = new FakeReplaySource().answers
    source.asked = []
    await store.open('r1')
    source.answers = [{ title: 't', replays: [{ ...replay(['x.mp4']), sessionId: 'other' }], shelfGoods: [] }]
    store.videoFailed()
    await answered()
    expect(shown(store)).toMatchObject({ view: 'error', errorMessage: '这场回放已不可用，请返回重试' })
  })

  it('on to the next segment at the end, refreshing first when its URL expired meanwhile', async () => {
    source.answers = [{ title: 't', replays: [replay(['a.mp4', 'b.mp4'], NOW + 60)], shelfGoods: [] }]
    await store.open('r1')
    source.now = NOW + 61
    source.answers = [{ title: 't', replays: [replay(['a2.mp4', 'b2.mp4'], NOW + 3600)], shelfGoods: [] }]
    store.videoEnded()
    expect(store.refreshing).toBe(true)
    await answered()
    expect(shown(store)).toEqual({ view: 'ready', errorMessage: '', url: 'b2.mp4' })
    expect(store.position).toEqual({ index: 1, seconds: 0 })
    store.videoEnded()
    expect(store.view).toBe('finished')
    expect(source.asked).toEqual(['r1', 'r1'])
  })

  it('drops an answer that arrives after the page closed', async () => {
    let release: () => void = () => undefined
    source.hold = (r) => (release = r)
    const opening = store.open('r1')
    store.reset()
    release()
    await opening
    expect(shown(store)).toEqual({ view: 'loading', errorMessage: '', url: '' })
    expect(store.title).toBe('')
  })

  it('forgets the URLs it refreshed when a page opens again', async () => {
    await store.open('r1')
    store.videoFailed()
    await answered()
    await store.open('r1')
    store.videoFailed()
    expect(store.refreshing).toBe(true)
    expect(store.view).toBe('ready')
  })
})
