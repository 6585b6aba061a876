/** WeChat's live-room API for the fake (wechat-api.ts): getliveinfo, listing rooms or one room's replays. */
import type { FakeLiveRoom, FakeReplay, WechatJson } from './wechat-api-fixtures'

export interface FakeLiveRooms {
  readonly rooms: FakeLiveRoom[]
  readonly replays: Map<number, FakeReplay[]>
  /** errcode for "no rooms": 9410000 today, 1 on older accounts. */
  readonly emptyListErrcode: number
}

export function getLiveInfo(body: WechatJson | null, live: FakeLiveRooms): WechatJson {
  const start = typeof body?.start === 'number' ? body.start : 0
  const limit = typeof body?.limit === 'number' ? body.limit : 10
  if (body?.action === 'get_replay') {
    const replays = live.replays.get(Number(body.room_id)) ?? []
    return { errcode: 0, errmsg: 'ok', live_replay: replays.slice(start, start + limit), total: replays.length }
  }
  if (live.rooms.length === 0 || start >= live.rooms.length) return { errcode: live.emptyListErrcode, errmsg: 'no room' }
  return { errcode: 0, errmsg: 'ok', room_info: live.rooms.slice(start, start + limit), total: live.rooms.length }
}
