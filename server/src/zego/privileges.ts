/**
 * Token04 privilege payloads. Shoppers may log in but never publish; an anchor may publish only
 * the stream of a room they host (`stream_id_list`), never an arbitrary one.
 */

export const PRIVILEGE_LOGIN = 1
export const PRIVILEGE_PUBLISH = 2

export interface RoomPrivilegePayload {
  room_id: string
  privilege: { '1': 0 | 1; '2': 0 | 1 }
  stream_id_list: string[] | null
}

export function viewerPayload(roomId: string): RoomPrivilegePayload {
  // stream_id_list is ignored when publishing is denied; an empty list makes that explicit anyway.
  return { room_id: roomId, privilege: { '1': 1, '2': 0 }, stream_id_list: [] }
}

export function hostPayload(roomId: string, streamIds: string[]): RoomPrivilegePayload {
  if (streamIds.length === 0) throw new Error('a host payload needs at least one stream ID')
  return { room_id: roomId, privilege: { '1': 1, '2': 1 }, stream_id_list: streamIds }
}
