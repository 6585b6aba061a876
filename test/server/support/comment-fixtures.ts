/**
 * What the live-comment suites share: a fake ZEGO server API on the test server's clock (its
 * signature window follows the clock tests move), and a room in a given status.
 */
import type { LoginResponse, Room } from '../../../miniprogram/core/api-types'
import { FakeZegoServerApi } from '../../fakes/zego-server-api'
import { TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, bearer, type TestServer } from './test-server'

export function zegoFollowing(server: () => TestServer | undefined): FakeZegoServerApi {
  return new FakeZegoServerApi(TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, () => Math.floor((server()?.clock.nowMs() ?? Date.now()) / 1000))
}

/** A room hosted by `anchor`, created by `admin`, then reported live or ended by its anchor. */
export async function createRoom(server: TestServer, admin: LoginResponse, anchor: LoginResponse, status: 'live' | 'scheduled' | 'ended' = 'live'): Promise<Room> {
  const created = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'Comments', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
  expect(created.statusCode).toBe(201)
  const room = created.json<{ room: Room }>().room
  if (status !== 'scheduled') {
    const reported = await server.request({ method: 'POST', url: `/api/rooms/${room.id}/status`, headers: bearer(anchor), payload: { status } })
    expect(reported.statusCode).toBe(200)
  }
  return room
}
