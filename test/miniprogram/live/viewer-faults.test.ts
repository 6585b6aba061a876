import { ROOM, STREAM, closePage, componentState, currentEngine, livePlayer, settle, text, timeline, useLiveFakes, watchAnchor } from '../../helpers/live'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { engineLedger } from '../../fakes/zego-cloud'
import { wxEvents } from '../../fakes/wx'

useLiveFakes()

describe('viewer room faults', () => {
  it('-2301 while connected replays on a fresh URL', async () => {
    const page = await watchAnchor()
    const mark = timeline().length
    currentEngine().playerGaveUp(STREAM)
    await settle()
    expect(text(page)).toContain('正在加载直播画面')
    expect(timeline().slice(mark)).toEqual([`startPlayingStream(${STREAM})`, 'LivePlayerContext.stop', 'LivePlayerContext.play'])
    componentState(livePlayer(page, STREAM), 2004)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('live')
    closePage(page)
  })

  it('network loss: shows reconnecting, replays after RECONNECTED', async () => {
    const page = await watchAnchor()
    currentEngine().networkLost()
    currentEngine().playerGaveUp(STREAM)
    await settle()
    expect(text(page)).toContain('网络中断，正在重新连接…')
    expect(engineLedger.of('startPlayingStream')).toHaveLength(1)
    currentEngine().reconnected()
    await settle()
    expect(engineLedger.of('startPlayingStream')).toHaveLength(2)
    componentState(livePlayer(page, STREAM), 2004)
    await settle()
    expect(text(page)).not.toContain('正在重新连接')
    expect(liveRoomStore.viewerPhase).toBe('live')
    closePage(page)
  })

  it('three -2301 in a row stop retrying and offer to reload', async () => {
    const page = await watchAnchor()
    for (let i = 0; i < 4; i++) {
      currentEngine().playerGaveUp(STREAM)
      await settle()
    }
    expect(text(page)).toContain('画面加载失败：网络不稳定，自动恢复失败')
    expect(page.data.status.actionText).toBe('重新加载')
    const t = timeline()
    expect(t.lastIndexOf(`stopPlayingStream(${STREAM})`)).toBeLessThan(t.lastIndexOf('LivePlayerContext.stop'))
    ;(page.instance as unknown as { onStatusAction(): void }).onStatusAction()
    await settle()
    componentState(livePlayer(page, STREAM), 2004)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('live')
    closePage(page)
  })

  it('background and foreground keep the room and the stream', async () => {
    const page = await watchAnchor()
    wxEvents.fire('appHide')
    await settle()
    wxEvents.fire('appShow')
    await settle()
    expect(engineLedger.of('logoutRoom')).toHaveLength(0)
    expect(engineLedger.of('stopPlayingStream')).toHaveLength(0)
    expect(liveRoomStore.viewerPhase).toBe('live')
    closePage(page)
  })

  it('kicked out for the same user elsewhere stops playing first, then logs out', async () => {
    const page = await watchAnchor()
    const mark = timeline().length
    currentEngine().kickOut(1002086)
    await settle()
    expect(timeline().slice(mark)).toEqual([`stopPlayingStream(${STREAM})`, 'LivePlayerContext.stop', `logoutRoom(${ROOM})`])
    expect(text(page)).toContain('你的账号已在其他设备进入直播间')
    closePage(page)
  })
})

describe('every play failure the SDK reports ends in words and a way to retry', () => {
  it.each([
    [1004002, '主播的画面已不存在，可能已下播'],
    [1104039, '画面播放失败（重复播放或直播间已关闭）'],
    [1102018, '登录凭证已过期'],
    [1000017, '网络已断开'],
    [1000002, '还没有进入直播间'],
    [1234567, '直播出错（错误码 1234567）'],
  ])('NO_PLAY with %i: 画面加载失败 saying why, 重新加载 plays again', async (code, words) => {
    const page = await watchAnchor()
    currentEngine().playerFailed(STREAM, code)
    await settle()
    expect({ text: text(page), action: page.data.status.actionText }).toEqual({ text: expect.stringContaining(`画面加载失败：${words}`), action: '重新加载' })
    expect(text(page)).not.toContain('正在加载直播画面')
    const t = timeline()
    expect(t.lastIndexOf(`stopPlayingStream(${STREAM})`)).toBeLessThan(t.lastIndexOf('LivePlayerContext.stop'))
    ;(page.instance as unknown as { onStatusAction(): void }).onStatusAction()
    await settle()
    componentState(livePlayer(page, STREAM), 2004)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('live')
    expect(liveRoomStore.failure).toBeNull()
    closePage(page)
  })
})
