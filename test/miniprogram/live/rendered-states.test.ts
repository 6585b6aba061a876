/**
 * Every state the room, the publisher and the player can be in, as the screen shows it.
 */
import { ANCHOR, ROOM, STREAM, closePage, componentState, currentEngine, livePlayer, livePusher, methods, openAnchor, openViewer, settle, text, useLiveFakes } from '../../helpers/live'
import type { ZegoEvent } from '../../../miniprogram/live/services/zego/sdk-types'
import type { RoomConnection, RoomReason } from '../../../miniprogram/live/core/live-types'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'

const ctx = useLiveFakes()

type Reason = Parameters<ZegoEvent['roomStateChanged']>[1]
const reason = (r: Exclude<RoomReason, 'NONE'>): Reason => r as unknown as Reason

describe('room states on the anchor console', () => {
  const cases: Array<[RoomConnection, Exclude<RoomReason, 'NONE'>, number, string]> = [
    ['CONNECTING', 'LOGINING', 0, '正在进入直播间…'],
    ['CONNECTED', 'LOGINED', 0, '未开播，可预览画面'],
    ['CONNECTING', 'RECONNECTING', 1000017, '网络中断，正在重新连接…'],
    ['CONNECTED', 'RECONNECTED', 0, '未开播，可预览画面'],
    ['DISCONNECTED', 'RECONNECT_FAILED', 1002053, '网络连接失败，已断开直播间'],
    ['DISCONNECTED', 'KICKOUT', 1002050, '你的账号已在其他设备进入直播间'],
    ['DISCONNECTED', 'KICKOUT', 1002055, '你已被移出直播间'],
    ['DISCONNECTED', 'LOGOUT', 0, '网络连接失败，已断开直播间'],
    ['CONNECTED', 'LOGOUT_FAILED', 0, '未开播，可预览画面'],
  ]
  it.each(cases)('%s / %s (%i) shows "%s"', async (state, why, code, shown) => {
    const page = await openAnchor(ctx.server)
    currentEngine().fire('roomStateChanged', ROOM, reason(why), code, '')
    currentEngine().fire('roomStateUpdate', ROOM, state, code, '')
    await settle()
    expect(liveRoomStore.room.state).toBe(state)
    expect(text(page)).toContain(shown)
    closePage(page)
  })

  it('LOGIN_FAILED shows what went wrong and a retry', async () => {
    const { engineBehaviour } = await import('../../fakes/zego-cloud')
    engineBehaviour.login = { code: 1002031, msg: '登录超时' }
    const page = await openAnchor(ctx.server)
    expect(liveRoomStore.room.reason).toBe('LOGIN_FAILED')
    expect(text(page)).toContain('进入直播间失败：登录超时')
    expect(page.data.status.actionText).toBe('重试')
    closePage(page)
  })
})

describe('publisher states', () => {
  it('NO_PUBLISH → PUBLISH_REQUESTING → PUBLISHING → NO_PUBLISH (error) each render', async () => {
    const page = await openAnchor(ctx.server)
    expect(liveRoomStore.publish).toBeNull()
    expect(text(page)).toContain('未开播，可预览画面')

    methods<{ onStatusAction(): void }>(page).onStatusAction()
    await settle()
    expect(liveRoomStore.publish?.state).toBe('PUBLISH_REQUESTING')
    expect(text(page)).toContain('正在开播…')
    expect(text(page)).not.toContain('已播')

    componentState(livePusher(page), 1002)
    await settle()
    expect(liveRoomStore.publish?.state).toBe('PUBLISHING')
    expect(text(page)).toContain('直播中')
    expect(text(page)).toContain('已播 00:00')

    currentEngine().fire('publisherStateUpdate', { streamID: STREAM, state: 'NO_PUBLISH', errorCode: 1103051, extendedData: '' })
    await settle()
    expect(text(page)).toContain('推流失败：推流重试超时')
    expect(page.data.status.actionText).toBe('重新开播')
    closePage(page)
  })
})

describe('player states', () => {
  it('NO_PLAY (no stream) → PLAY_REQUESTING → PLAYING → NO_PLAY (stream gone) each render', async () => {
    const page = await openViewer()
    expect(liveRoomStore.viewerPhase).toBe('waiting')
    expect(text(page)).toContain('主播还没开播，请稍候')

    currentEngine().streamAdded(STREAM, ANCHOR)
    await settle()
    expect(liveRoomStore.plays[STREAM]?.state).toBe('PLAY_REQUESTING')
    expect(text(page)).toContain('正在加载直播画面…')

    componentState(livePlayer(page, STREAM), 2004)
    await settle()
    expect(liveRoomStore.plays[STREAM]?.state).toBe('PLAYING')
    expect(page.querySelector('.viewer__placeholder')).toBeFalsy()
    expect(text(page)).toContain('直播间 r1')

    currentEngine().fire('playerStateUpdate', { streamID: STREAM, state: 'NO_PLAY', errorCode: 0, extendedData: '' })
    await settle()
    expect(text(page)).toContain('正在加载直播画面…')

    currentEngine().streamDeleted(STREAM, ANCHOR)
    await settle()
    expect(liveRoomStore.plays[STREAM]).toBeUndefined()
    expect(text(page)).toContain('主播暂时离开，马上回来')
    closePage(page)
  })

  it('the online count and title are shown to viewers', async () => {
    const page = await openViewer()
    currentEngine().onlineCount(12345)
    await settle()
    expect(text(page)).toContain('1.2万人在看')
    expect(text(page)).toContain('直播间 r1')
    closePage(page)
  })
})
