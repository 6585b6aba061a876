import { openPage } from '../../helpers/load-page'
import { ANCHOR, ROOM, STREAM, closePage, componentNetStatus, componentState, currentEngine, livePlayer, methods, openViewer, settle, text, timeline, useLiveFakes, type SimPage } from '../../helpers/live'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { engineLedger } from '../../fakes/zego-cloud'
import { FakeZegoEngine } from '../../fakes/zego-engine'
import { wxLedger } from '../../fakes/wx'

const ctx = useLiveFakes()

async function anchorAppears(page: SimPage): Promise<void> {
  currentEngine().streamAdded(STREAM, ANCHOR)
  await settle()
  componentState(livePlayer(page, STREAM), 2004) // WeChat: playback started
  componentNetStatus(livePlayer(page, STREAM))
  await settle()
}

describe('viewer room', () => {
  it('waits, plays the anchor, shows the anchor away and back, leaves in order', async () => {
    const page = await openViewer()
    expect(text(page)).toContain('主播还没开播，请稍候')
    const login = engineLedger.of('loginRoom')[0]
    // The userID is the token's user; the token is the server's.
    expect(login.args[2]).toMatchObject({ userID: 'viewer-1' })
    expect(login.args[1]).toBe('04token-viewer-1-r1-1')

    await anchorAppears(page)
    expect(liveRoomStore.viewerPhase).toBe('live')
    expect(page.data.isLive).toBe(true)
    expect(engineLedger.of('startPlayingStream')[0].args).toEqual([STREAM, { sourceType: 'BGP' }])

    currentEngine().streamDeleted(STREAM, ANCHOR)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('away')
    expect(text(page)).toContain('主播暂时离开，马上回来')
    expect(livePlayer(page, STREAM)).toBeFalsy()

    await anchorAppears(page)
    expect(liveRoomStore.viewerPhase).toBe('live')
    expect(text(page)).not.toContain('主播暂时离开')

    closePage(page)
    expect(timeline()).toEqual([
      'new ZegoExpressEngine',
      `loginRoom(${ROOM})`,
      `startPlayingStream(${STREAM})`,
      'LivePlayerContext.play',
      `updatePlayerState(${STREAM})`,
      `stopPlayingStream(${STREAM})`,
      'LivePlayerContext.stop',
      `startPlayingStream(${STREAM})`,
      'LivePlayerContext.play',
      `updatePlayerState(${STREAM})`,
      `stopPlayingStream(${STREAM})`,
      'LivePlayerContext.stop',
      `logoutRoom(${ROOM})`,
      'destroyEngine',
    ])
    expect(FakeZegoEngine.alive()).toHaveLength(0)
  })

  it('shows the live has ended when the server says so after the anchor stream goes', async () => {
    const page = await openViewer()
    await anchorAppears(page)
    ctx.server.setRoomStatus(ROOM, 'ended')
    currentEngine().streamDeleted(STREAM, ANCHOR)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('ended')
    expect(text(page)).toContain('直播已结束')
    expect(text(page)).toContain('看看其他直播')
    closePage(page)
  })

  it('opened for an ended room does not log in and says it ended', async () => {
    ctx.server.setRoomStatus(ROOM, 'ended')
    const page = await openViewer()
    expect(engineLedger.of('loginRoom')).toHaveLength(0)
    expect(text(page)).toContain('直播已结束')
    closePage(page)
  })

  it('has a home button only when opened straight from a share card', async () => {
    const fromList = await openViewer()
    expect(text(fromList)).not.toContain('首页')
    closePage(fromList)
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{}])
    const fromShare = await openViewer()
    expect(text(fromShare)).toContain('首页')
    methods<{ goHome(): void }>(fromShare).goHome()
    expect(wxLedger.of('switchTab')[0].args[0]).toMatchObject({ url: '/pages/rooms/index' })
    closePage(fromShare)
  })

  it('shares the room with its title and cover', async () => {
    const page = await openViewer()
    const share = methods<{ onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent }>(page).onShareAppMessage()
    // Without a sharer token (this server issues none) the card is the room's plain path.
    expect(share).toEqual({
      title: '直播间 r1',
      path: '/live/viewer/index?roomId=r1',
      imageUrl: 'https://cdn.example.com/cover/r1.jpg',
      promise: expect.any(Promise),
    })
    expect((await (share as WechatMiniprogram.Page.IAsyncCustomShareContent).promise).path).toBe('/live/viewer/index?roomId=r1')
    closePage(page)
  })

  it('explains a server failure and retries on tap', async () => {
    ctx.server.failNetwork = 3 // first try and both retries of the first request fail
    const page = openPage('live/viewer/index', { roomId: ROOM })
    await settle(15)
    expect(text(page)).toContain('连接服务器失败：网络连接失败，请检查网络后重试')
    expect(page.data.status.actionText).toBe('重试')
    methods<{ onStatusAction(): void }>(page).onStatusAction()
    await settle(10)
    expect(text(page)).toContain('主播还没开播')
    expect(engineLedger.of('loginRoom')).toHaveLength(1)
    closePage(page)
  })

  it('opened from a link without a room says so and offers the way home, without asking the server', async () => {
    const page = openPage('live/viewer/index', {})
    await settle()
    expect(text(page)).toContain('链接里没有直播间，无法进入')
    expect(text(page)).toContain('返回首页')
    expect(ctx.server.paths()).toEqual([])
    expect(engineLedger.of('loginRoom')).toEqual([])
    closePage(page)
  })
})
