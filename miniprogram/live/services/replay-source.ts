/**
 * What the replay store asks of the outside world: a room's replays from the merchant server, and
 * the clock its signed URLs expire on. The store is built with the server-backed source below; its
 * tests hand it a fake one.
 */
import { ApiError } from '../../services/api'
import { fetchReplays, type LoadedReplays } from './replay-api'

export interface ReplaySource {
  /** Rejects with an Error whose message says why in the shopper's words (the server's, or 网络异常). */
  replays(roomId: string): Promise<LoadedReplays>
  /** Unix seconds now. */
  nowSeconds(): number
}

export const serverReplaySource: ReplaySource = {
  async replays(roomId) {
    try {
      return await fetchReplays(roomId)
    } catch (err) {
      throw new Error(err instanceof ApiError ? err.message : '网络异常')
    }
  },
  nowSeconds: () => Math.floor(Date.now() / 1000),
}
