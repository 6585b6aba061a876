/**
 * Loads a room's replays into the replay store, and asks again for fresh URLs when playback fails
 * on one (a signed URL that expired, or a CDN that refused it): the same live resumes where it
 * was. A second failure on a URL just refreshed is a real playback failure and says so.
 */
import { ApiError } from '../../services/api'
import { fetchReplays } from '../services/replay-api'
import type { ReplayStore } from '../stores/replay'

const reason = (err: unknown): string => (err instanceof ApiError ? err.message : '网络异常')

export async function loadReplay(store: ReplayStore, roomId: string): Promise<void> {
  store.reset()
  if (!roomId) return store.failed('没有指定直播间')
  try {
    const loaded = await fetchReplays(roomId)
    store.loaded(loaded.title, loaded.replays, loaded.shelfGoods)
  } catch (err) {
    store.failed(`回放加载失败：${reason(err)}，请重试`)
  }
}

/** URLs of segments refreshed since the page opened: an error on one of these is not an expired URL. */
const refreshedUrls = new WeakMap<ReplayStore, Set<string>>()

export async function refreshReplayUrls(store: ReplayStore, roomId: string, failedUrl: string): Promise<void> {
  if (store.refreshing) return
  const seen = refreshedUrls.get(store) ?? new Set<string>()
  refreshedUrls.set(store, seen)
  if (seen.has(failedUrl)) return store.failed('视频播放失败，请检查网络后重试')
  store.refreshStarted()
  try {
    const loaded = await fetchReplays(roomId)
    store.refreshed(loaded.replays)
    for (const s of store.segments) seen.add(s.url)
  } catch (err) {
    store.failed(`回放加载失败：${reason(err)}，请重试`)
  }
}
