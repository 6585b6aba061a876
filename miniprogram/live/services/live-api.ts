/**
 * The merchant server routes only the live pages call (tokens, the anchor's status reports, live
 * comments), and the seams the live services take them through: tests replace TokenProvider and
 * RoomInfoProvider with doubles. Requests go through services/api.ts like every other call.
 */
import type {
  Goods,
  LiveComment,
  LiveCommentListResponse,
  LiveCommentRequest,
  LiveCommentResponse,
  RoomDetailResponse,
  RoomLiveStatus,
  RoomStatusRequest,
  ZegoTokenResponse,
} from '../../core/api-types'
import { call, fetchRoom } from '../../services/api'
import type { RoomInfo, ShelfGoods } from '../core/live-types'

/** Issues ZEGO tokens; `userId` is the identity the token is bound to and must be used to log in. */
export interface TokenProvider {
  getZegoToken(roomId: string): Promise<ZegoTokenResponse>
}

/** The room and its shelf as the live pages use them. */
export interface RoomInfoProvider {
  getRoom(roomId: string): Promise<RoomInfo>
}

export function shelfGoodsFrom(goods: Goods): ShelfGoods {
  return {
    id: goods.id,
    title: goods.title,
    image: goods.images[0] ?? '',
    priceFen: goods.priceFen,
    stock: goods.stock,
    status: goods.status,
  }
}

export function roomInfoFrom(detail: RoomDetailResponse): RoomInfo {
  const { room } = detail
  return {
    id: room.id,
    title: room.title,
    cover: room.cover,
    streamId: room.streamId,
    anchorUserId: room.anchorUserId,
    status: room.status,
    // The server answers the shelf in shelf order, drafts left out; an older server may omit it.
    shelfGoods: (detail.shelfGoods ?? []).map(shelfGoodsFrom),
  }
}

export function fetchZegoToken(roomId: string): Promise<ZegoTokenResponse> {
  return call<ZegoTokenResponse>('POST', '/api/zego/token', { roomId })
}

/** The anchor's console tells the server its live started or ended (the room's anchor only). */
export function reportRoomStatus(roomId: string, status: RoomLiveStatus, session?: string): Promise<RoomDetailResponse> {
  const body: RoomStatusRequest = session === undefined ? { status } : { status, session }
  return call<RoomDetailResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/status`, body)
}

/**
 * A live comment: the server checks it with WeChat and broadcasts it to the room through ZEGO,
 * which never hands it back to its sender, so the answer is how the sender's own comment is shown.
 */
export async function sendLiveComment(roomId: string, text: string): Promise<LiveComment> {
  const body: LiveCommentRequest = { text }
  // Sent twice it would show twice to the whole room; the chat panel offers the retry instead.
  const res = await call<LiveCommentResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/comments`, body, { retryNetwork: false })
  return res.comment
}

/** The room's recent comments, oldest first (the server keeps the delivered ones for late viewers). */
export async function fetchLiveComments(roomId: string): Promise<LiveComment[]> {
  const res = await call<LiveCommentListResponse>('GET', `/api/rooms/${encodeURIComponent(roomId)}/comments`)
  return res.comments
}

export const serverTokenProvider: TokenProvider = { getZegoToken: fetchZegoToken }

export const serverRoomInfoProvider: RoomInfoProvider = {
  async getRoom(roomId: string): Promise<RoomInfo> {
    return roomInfoFrom(await fetchRoom(roomId))
  },
}
