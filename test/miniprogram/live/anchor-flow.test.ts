import { ROOM, STREAM, closePage, componentNetStatus, componentState, currentEngine, livePusher, methods, openAnchor, settle, text, timeline, useLiveFakes } from '../../helpers/live'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { FakeZegoEngine } from '../../fakes/zego-engine'
import { wxLedger } from '../../fakes/wx'

const ctx = useLiveFakes()

interface AnchorPage {
  onStatusAction(): void
  confirmEnd(): void
  cancelEnd(): void
}

describe('anchor console', () => {
  it('previews, goes live, ends after confirmation, in the required order', async () => {
    const page = await openAnchor(ctx.server)
    expect(text(page)).toContain('直播间 r1')
    expect(text(page)).toContain('未开播，可预览画面')
    expect(liveRoomStore.canGoLive).toBe(true)
    expect(wxLedger.of('setKeepScreenOn')[0].args[0]).toMatchObject({ keepScreenOn: true })
    expect(currentEngine().registeredEvents().length).toBeGreaterThan(0)

    methods<AnchorPage>(page).onStatusAction() // 开始直播
    await settle()
    componentState(livePusher(page), 1002) // WeChat: pushing
    componentNetStatus(livePusher(page))
    await settle()
    expect(liveRoomStore.isLive).toBe(true)
    expect(text(page)).toContain('直播中')
    expect(page.data.status.actionText).toBe('结束直播')

    methods<AnchorPage>(page).onStatusAction() // asks first
    await settle()
    expect(page.data.confirmingEnd).toBe(true)
    expect(page.querySelector('.anchor__confirm')?.dom?.textContent?.replace(/\s+/g, ' ')).toContain('结束后观众将看不到你的画面，确定结束吗？')
    // 结束直播 on the confirmation, as the anchor taps it.
    page.querySelector('.anchor__confirm-end')!.dispatchEvent('click')
    await settle()
    expect(page.querySelector('.anchor__confirm')).toBeFalsy()
    expect(liveRoomStore.isLive).toBe(false)
    expect(text(page)).toContain('未开播')

    closePage(page)
    const t = timeline()
    expect(t).toEqual([
      'new ZegoExpressEngine',
      'checkSystemRequirements',
      'LivePusherContext.startPreview',
      `loginRoom(${ROOM})`,
      `startPublishingStream(${STREAM})`,
      'LivePusherContext.start',
      `updatePlayerState(${STREAM})`,
      `stopPublishingStream(${STREAM})`,
      'LivePusherContext.stop',
      'LivePusherContext.startPreview',
      `logoutRoom(${ROOM})`,
      'destroyEngine',
    ])
    expect(FakeZegoEngine.alive()).toHaveLength(0)
    expect(wxLedger.of('setKeepScreenOn').map((c) => (c.args[0] as { keepScreenOn: boolean }).keepScreenOn)).toEqual([true, false])
  })
})
