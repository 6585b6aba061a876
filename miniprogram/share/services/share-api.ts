/** The share subpackage's server routes and the navigation it needs (a subpackage's own services). */
import { call } from '../../services/api'
import type { ClientConfigResponse, RoomCodeResponse, SceneTargetResponse } from '../../contract/share-schemas'

export const fetchSceneTarget = (scene: string): Promise<SceneTargetResponse> => call<SceneTargetResponse>('GET', `/api/room-codes/${encodeURIComponent(scene)}`)

export const createRoomCode = (target: { roomId: string } | { wechatRoomId: number }): Promise<RoomCodeResponse> => call<RoomCodeResponse>('POST', '/api/room-codes', target)

export const fetchClientConfig = (): Promise<ClientConfigResponse> => call<ClientConfigResponse>('GET', '/api/client-config')

/** Replaces the entry page with where the code leads, so back does not return to it. */
export function redirectTo(url: string): Promise<void> {
  return new Promise((resolve, reject) => wx.redirectTo({ url, success: () => resolve(), fail: (err) => reject(new Error(err.errMsg)) }))
}
