import { openPage } from '../../helpers/load-page'
import { ROOM, STREAM, closePage, componentState, currentEngine, goLive, livePusher, methods, openAnchor, settle, text, timeline, useLiveFakes } from '../../helpers/live'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { engineBehaviour, engineLedger } from '../../fakes/zego-cloud'
import { wxEvents, wxLedger, wxPermissions } from '../../fakes/wx'

const ctx = useLiveFakes()

interface AnchorPage {
  onStatusAction(): void
  confirmEnd(): void
  onShow(): void
}

/** Timeline entries after the last `from` marker. */
function since(marker: number): string[] {
  return timeline().slice(marker)
}

describe('anchor console faults', () => {
  it('network loss: shows reconnecting, republishes after RECONNECTED, back to live', async () => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    const mark = timeline().length
    currentEngine().networkLost()
    currentEngine().pusherGaveUp(STREAM) // -1307 while the room is down: wait for the room
    await settle()
    expect(text(page)).toContain('网络中断，正在重新连接…')
    expect(engineLedger.of('startPublishingStream')).toHaveLength(1)

    currentEngine().reconnected()
    await settle()
    componentState(livePusher(page), 1002)
    await settle()
    expect(since(mark)).toEqual([
      `startPublishingStream(${STREAM})`,
      'LivePusherContext.stop',
      'LivePusherContext.start',
      `updatePlayerState(${STREAM})`,
    ])
    expect(liveRoomStore.isLive).toBe(true)
    expect(liveRoomStore.room).toMatchObject({ state: 'CONNECTED', reason: 'RECONNECTED' })
    expect(text(page)).toContain('直播中')
    expect(text(page)).not.toContain('正在重新连接')
    closePage(page)
  })

  it('-1307 while connected republishes at once; three failures in a row ask the anchor', async () => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    for (let i = 0; i < 3; i++) {
      currentEngine().pusherGaveUp(STREAM)
      await settle()
    }
    expect(engineLedger.of('startPublishingStream')).toHaveLength(4)
    expect(wxLedger.of('LivePusherContext.start')).toHaveLength(4)
    currentEngine().pusherGaveUp(STREAM)
    await settle()
    expect(text(page)).toContain('推流失败：网络不稳定，自动恢复失败')
    expect(page.data.status.actionText).toBe('重新开播')
    const t = timeline()
    expect(t.lastIndexOf(`stopPublishingStream(${STREAM})`)).toBeLessThan(t.lastIndexOf('LivePusherContext.stop'))

    methods<AnchorPage>(page).onStatusAction()
    await settle()
    componentState(livePusher(page), 1002)
    await settle()
    expect(liveRoomStore.isLive).toBe(true)
    expect(text(page)).not.toContain('推流失败')
    closePage(page)
  })

  it.each([1002050, 1002086])('kick-out %i: stops in order, explains, re-enters on tap', async (code) => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    const mark = timeline().length
    currentEngine().kickOut(code)
    await settle()
    expect(since(mark)).toEqual([`stopPublishingStream(${STREAM})`, 'LivePusherContext.stop', `logoutRoom(${ROOM})`])
    expect(text(page)).toContain('你的账号已在其他设备进入直播间')
    expect(page.data.status.actionText).toBe('在此设备重新进入')
    expect(liveRoomStore.isLive).toBe(false)

    methods<AnchorPage>(page).onStatusAction()
    await settle(10)
    expect(engineLedger.of('loginRoom')).toHaveLength(2)
    expect(liveRoomStore.room.state).toBe('CONNECTED')
    expect(text(page)).toContain('未开播')
    closePage(page)
  })

  it('kicked by the server says so and offers the way home', async () => {
    const page = await openAnchor(ctx.server)
    currentEngine().kickOut(1002055)
    await settle()
    expect(text(page)).toContain('你已被移出直播间')
    expect(page.data.status.actionText).toBe('返回首页')
    closePage(page)
  })

  it('tokenWillExpire fetches a new token and renews it; a failed renewal can be retried', async () => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    currentEngine().tokenWillExpire()
    await settle()
    expect(engineLedger.of('renewToken').map((c) => c.args)).toEqual([['04token-anchor-1-r1-2', ROOM]])
    expect(text(page)).toContain('直播中')

    ctx.server.tokenFailure = { status: 503, body: { error: 'unavailable', message: '服务暂时不可用' } }
    currentEngine().tokenWillExpire()
    await settle()
    expect(text(page)).toContain('登录凭证续期失败（服务暂时不可用）')
    expect(page.data.status.actionText).toBe('重试续期')
    methods<AnchorPage>(page).onStatusAction()
    await settle()
    expect(engineLedger.of('renewToken')).toHaveLength(2)
    expect(text(page)).toContain('直播中')
    expect(liveRoomStore.isLive).toBe(true)
    closePage(page)
  })

  it('token expired: leaves the room cleanly and re-enters with a fresh token', async () => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    const mark = timeline().length
    currentEngine().tokenExpired()
    await settle()
    expect(since(mark)).toEqual([`stopPublishingStream(${STREAM})`, 'LivePusherContext.stop', `logoutRoom(${ROOM})`])
    expect(text(page)).toContain('登录凭证已过期，已退出直播间')
    methods<AnchorPage>(page).onStatusAction()
    await settle(10)
    expect(engineLedger.of('loginRoom').map((c) => c.args[1])).toEqual(['04token-anchor-1-r1-1', '04token-anchor-1-r1-2'])
    expect(liveRoomStore.canGoLive).toBe(true)
    closePage(page)
  })

  it('background and foreground keep the room; a stalled pusher restarts on return', async () => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    wxEvents.fire('appHide')
    await settle()
    expect(engineLedger.of('logoutRoom')).toHaveLength(0)
    wxEvents.fire('appShow')
    await settle()
    expect(engineLedger.of('startPublishingStream')).toHaveLength(1) // nothing stalled, nothing restarted

    wxEvents.fire('appHide')
    currentEngine().fire('publisherStateUpdate', { streamID: STREAM, state: 'NO_PUBLISH', errorCode: 0, extendedData: '' })
    wxEvents.fire('appShow')
    await settle()
    expect(engineLedger.of('startPublishingStream')).toHaveLength(2)
    expect(liveRoomStore.room.state).toBe('CONNECTED')
    expect(engineLedger.of('logoutRoom')).toHaveLength(0)
    closePage(page)
  })

  it('reconnect failure drops the room and offers to reconnect', async () => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    currentEngine().reconnectFailed()
    await settle()
    expect(text(page)).toContain('网络连接失败，已断开直播间')
    expect(page.data.status.actionText).toBe('重新连接')
    expect(engineLedger.of('stopPublishingStream')).toHaveLength(1)
    closePage(page)
  })

  it('a publish the SDK refuses is explained with a retry', async () => {
    const page = await openAnchor(ctx.server)
    engineBehaviour.publishError = { code: 1003025, msg: '推流被禁止' }
    methods<AnchorPage>(page).onStatusAction()
    await settle()
    expect(text(page)).toContain('推流失败：推流被禁止')
    expect(page.data.status.actionText).toBe('重新开播')
    closePage(page)
  })
})

describe('anchor permissions', () => {
  it('camera refused: explains, opens settings, goes on once allowed', async () => {
    engineBehaviour.systemRequirements = { code: 10002, msg: '需要摄像头和录音功能的授权' }
    wxPermissions['scope.camera'] = false
    const page = await openAnchor(ctx.server)
    expect(text(page)).toContain('需要摄像头和麦克风权限才能开播')
    expect(page.data.status.actionText).toBe('去设置开启')
    expect(wxLedger.of('LivePusherContext.startPreview')).toHaveLength(0)

    engineBehaviour.systemRequirements = { code: 0, msg: '' }
    methods<AnchorPage>(page).onStatusAction()
    await settle()
    expect(wxLedger.names()).toContain('openSetting')
    expect(text(page)).toContain('未开播，可预览画面')
    expect(wxLedger.of('LivePusherContext.startPreview')).toHaveLength(1)
    closePage(page)
  })

  it('old WeChat: asks to upgrade and checks again on return', async () => {
    engineBehaviour.systemRequirements = { code: 10001, msg: '微信版本过低' }
    const page = await openAnchor(ctx.server)
    expect(text(page)).toContain('微信版本过低，无法开播，请升级微信后再试')
    engineBehaviour.systemRequirements = { code: 0, msg: '' }
    methods<AnchorPage>(page).onShow()
    await settle()
    expect(liveRoomStore.permission).toBe('granted')
    closePage(page)
  })

  it('a user who is not the room\'s anchor cannot go live', async () => {
    const page = openPage('live/anchor/index', { roomId: ROOM }) // signed in as viewer-1
    await settle()
    expect(text(page)).toContain('你不是这个直播间的主播，无法开播')
    expect(engineLedger.of('loginRoom')).toHaveLength(0)
    closePage(page)
  })

  it('a refused login is explained with a retry', async () => {
    engineBehaviour.login = { code: 1102016, msg: 'token 格式错误' }
    const page = await openAnchor(ctx.server)
    expect(text(page)).toContain('进入直播间失败：token 格式错误')
    engineBehaviour.login = true
    methods<AnchorPage>(page).onStatusAction()
    await settle(10)
    expect(liveRoomStore.canGoLive).toBe(true)
    closePage(page)
  })
})

describe('every publish failure the SDK reports ends in words and a way to retry', () => {
  it.each([
    [1003025, '推流被 ZEGO 后台禁止'],
    [1003028, '同一路流已在直播间里（可能在另一台设备上开播了）'],
    [1103051, '推流重试超时'],
    [1102018, '登录凭证已过期'],
    [7654321, '直播出错（错误码 7654321）'],
  ])('NO_PUBLISH with %i: 推流失败 saying why, 重新开播 publishes again', async (code, words) => {
    const page = await openAnchor(ctx.server)
    await goLive(page)
    currentEngine().pusherFailed(STREAM, code)
    await settle()
    expect({ text: text(page), action: page.data.status.actionText }).toEqual({ text: expect.stringContaining(`推流失败：${words}`), action: '重新开播' })
    methods<{ onStatusAction(): void }>(page).onStatusAction()
    await settle()
    componentState(livePusher(page), 1002)
    await settle()
    expect(liveRoomStore.publish?.state).toBe('PUBLISHING')
    expect(liveRoomStore.failure).toBeNull()
    closePage(page)
  })
})
