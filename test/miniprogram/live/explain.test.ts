/**
 * "讲解中": the anchor names a shelf goods in the room's extra info (setRoomExtraInfo, one key,
 * one call in flight), every viewer's card follows roomExtraInfoUpdate, late viewers get it with
 * the login, unknown goods are ignored, and a failed call is the anchor's to retry while the live
 * goes on.
 */
import {
  ANCHOR,
  ROOM,
  closePage,
  currentEngine,
  explainCardText,
  methods,
  openAnchor,
  openLiveAnchor,
  openShelf,
  openViewer,
  settle,
  stockShelf,
  text,
  threeGoods,
  useLiveFakes,
} from '../../helpers/live'
import { engineBehaviour, engineLedger, extraInfoNetworkError, fakeRoomExtraInfo } from '../../fakes/zego-cloud'
import { FakeZegoEngine } from '../../fakes/zego-engine'
import { wxLedger } from '../../fakes/wx'
import { config } from '../../../miniprogram/config'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { FakeReplayRoutes } from '../../fakes/replay-routes'

const ctx = useLiveFakes()

interface AnchorPage {
  onStatusAction(): void
  confirmEnd(): void
  onExplain(e: { detail: { goodsId: string } }): void
  onStopExplain(): void
}

beforeEach(() => stockShelf(ctx.server, threeGoods()))

const explainCalls = (): unknown[][] => engineLedger.of('setRoomExtraInfo').map((c) => c.args)

/** Another device in the room (the anchor's phone while a viewer page is under test). */
async function otherDevice(userID: string): Promise<FakeZegoEngine> {
  const device = new FakeZegoEngine(config.zegoAppId, config.zegoServer)
  await device.loginRoom(ROOM, 'token', { userID, userName: userID })
  return device
}

function leave(device: FakeZegoEngine): void {
  device.logoutRoom(ROOM)
  device.destroyEngine()
}

describe('explain timeline for replays', () => {
  it('reports each explain ZEGO accepted to the server, and none that failed', async () => {
    const routes = new FakeReplayRoutes(ctx.server, () => [])
    const page = await openLiveAnchor(ctx.server)
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g2' } })
    await settle()
    engineBehaviour.roomExtraInfoError = extraInfoNetworkError
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g3' } })
    await settle()
    engineBehaviour.roomExtraInfoError = null
    methods<AnchorPage>(page).onStopExplain()
    await settle(10)
    expect(routes.explainReports).toEqual([
      { roomId: ROOM, goodsId: 'g2' },
      { roomId: ROOM, goodsId: '' },
    ])
    closePage(page)
  })
})

describe('explain card: anchor', () => {
  it('讲解 on a shelf goods sets the room extra info; the anchor sees the card; 停止讲解 clears it', async () => {
    const page = await openLiveAnchor(ctx.server)
    await openShelf(page)
    const explainButtons = page.querySelectorAll('#shelf >>> .goods-shelf__explain')
    expect(explainButtons).toHaveLength(3)
    explainButtons[1].dispatchEvent('click')
    await settle()
    expect(explainCalls()).toEqual([[ROOM, 'explain', 'g2']])
    expect(liveRoomStore.explainingGoods?.id).toBe('g2')
    expect(explainCardText(page)).toBe('讲解中 保温杯 ¥5.00 停止讲解')
    // The shelf marks the explained goods and offers to stop it there too.
    expect(page.querySelectorAll('#shelf >>> .goods-shelf__stop')).toHaveLength(1)
    expect(text(page)).toContain('直播中')

    methods<AnchorPage>(page).onStopExplain()
    await settle()
    // SDK 3.6.0 refuses an empty value, so "nothing" travels as '-'.
    expect(explainCalls()).toEqual([[ROOM, 'explain', 'g2'], [ROOM, 'explain', '-']])
    expect(explainCardText(page)).toBe('')
    closePage(page)
  })

  it('waits for each answer: taps made meanwhile collapse into the latest', async () => {
    const page = await openLiveAnchor(ctx.server)
    let release = (): void => undefined
    engineBehaviour.roomExtraInfoGate = new Promise<void>((resolve) => (release = resolve))
    const anchor = methods<AnchorPage>(page)
    anchor.onExplain({ detail: { goodsId: 'g1' } })
    anchor.onExplain({ detail: { goodsId: 'g2' } })
    anchor.onExplain({ detail: { goodsId: 'g3' } })
    await settle()
    expect(explainCalls()).toEqual([[ROOM, 'explain', 'g1']])
    release()
    await settle()
    expect(explainCalls()).toEqual([[ROOM, 'explain', 'g1'], [ROOM, 'explain', 'g3']])
    expect(explainCardText(page)).toContain('羊毛围巾')
    closePage(page)
  })

  it('never names goods that are not on the shelf', async () => {
    const page = await openLiveAnchor(ctx.server)
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g-elsewhere' } })
    await settle()
    expect(explainCalls()).toEqual([])
    closePage(page)
  })

  it('a failed call shows a short error with a retry, the live goes on, and the retry sends it again', async () => {
    const page = await openLiveAnchor(ctx.server)
    engineBehaviour.roomExtraInfoError = extraInfoNetworkError
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g1' } })
    await settle()
    expect(text(page)).toContain('讲解商品没有同步给观众（错误码 1000017）')
    expect(explainCardText(page)).toBe('')
    expect(liveRoomStore.isLive).toBe(true)
    expect(liveRoomStore.failure).toBeNull()
    expect(page.data.status.actionText).toBe('结束直播')

    engineBehaviour.roomExtraInfoError = null
    page.querySelector('.anchor__explain-retry')?.dispatchEvent('click')
    await settle()
    expect(explainCalls()).toEqual([[ROOM, 'explain', 'g1'], [ROOM, 'explain', 'g1']])
    expect(text(page)).not.toContain('没有同步给观众')
    expect(explainCardText(page)).toContain('商品 g1')
    closePage(page)
  })

  it('1002017: another key already in the room is explained to the anchor', async () => {
    const page = await openLiveAnchor(ctx.server)
    const other = await otherDevice('someone-else')
    await other.setRoomExtraInfo(ROOM, 'notice', 'hello')
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g1' } })
    await settle()
    expect(text(page)).toContain('讲解商品没有同步给观众：直播间已有其他附加信息（1002017）')
    expect(liveRoomStore.isLive).toBe(true)
    leave(other)
    closePage(page)
  })

  it('an answer that comes after the anchor left changes nothing', async () => {
    const page = await openLiveAnchor(ctx.server)
    let release = (): void => undefined
    engineBehaviour.roomExtraInfoGate = new Promise<void>((resolve) => (release = resolve))
    engineBehaviour.roomExtraInfoError = extraInfoNetworkError
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g1' } })
    await settle()
    closePage(page)
    release()
    await settle()
    expect(liveRoomStore.explainFailure).toBeNull()
    expect(liveRoomStore.explainingGoodsId).toBe('')
  })

  it('before the room is entered, 讲解 explains why nothing was sent', async () => {
    engineBehaviour.login = { code: 1002031, msg: 'login timeout' }
    const page = await openAnchor(ctx.server)
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g1' } })
    await settle()
    expect(explainCalls()).toEqual([])
    expect(text(page)).toContain('讲解商品没有同步给观众：还没有进入直播间')
    closePage(page)
  })

  it('ending the live stops explaining; leaving clears the explain state', async () => {
    const page = await openLiveAnchor(ctx.server)
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g1' } })
    await settle()
    methods<AnchorPage>(page).onStatusAction() // 结束直播 asks first
    methods<AnchorPage>(page).confirmEnd()
    await settle()
    expect(explainCalls()).toEqual([[ROOM, 'explain', 'g1'], [ROOM, 'explain', '-']])
    methods<AnchorPage>(page).onExplain({ detail: { goodsId: 'g3' } })
    await settle()
    expect(liveRoomStore.explainingGoodsId).toBe('g3')
    closePage(page)
    expect(liveRoomStore.explainingGoodsId).toBe('')
    expect(liveRoomStore.explainFailure).toBeNull()
  })
})

describe('explain card: viewer', () => {
  it('follows roomExtraInfoUpdate: shows the named goods, opens it on a tap, goes on an empty value', async () => {
    const page = await openViewer()
    expect(explainCardText(page)).toBe('')
    currentEngine().extraInfoUpdated('explain', 'g3')
    await settle()
    expect(explainCardText(page)).toBe('讲解中 羊毛围巾 ¥128.00 立即购买')
    expect(page.querySelector('#shelf >>> .goods-shelf__explaining')).toBeTruthy()

    page.querySelector('#explain >>> .explain-card')?.dispatchEvent('tap')
    await settle()
    expect(wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)).toEqual([`/pages/goods-detail/index?goodsId=g3&room_id=${ROOM}`])

    currentEngine().extraInfoUpdated('explain', '')
    await settle()
    expect(explainCardText(page)).toBe('')
    currentEngine().extraInfoUpdated('explain', 'g1')
    await settle()
    expect(explainCardText(page)).toContain('商品 g1')
    currentEngine().extraInfoUpdated('explain', '-')
    await settle()
    expect(explainCardText(page)).toBe('')
    closePage(page)
  })

  it('ignores goods that are not on this room\'s shelf, and keys that are not ours', async () => {
    const page = await openViewer()
    currentEngine().extraInfoUpdated('explain', 'g1')
    await settle()
    currentEngine().extraInfoUpdated('notice', 'g2')
    await settle()
    expect(explainCardText(page)).toContain('商品 g1')
    currentEngine().extraInfoUpdated('explain', 'g-from-another-room')
    await settle()
    expect(liveRoomStore.explainingGoods).toBeNull()
    expect(explainCardText(page)).toBe('')
    closePage(page)
  })

  it('the anchor\'s change reaches a viewer in the room, and a viewer who enters later sees it', async () => {
    const anchorDevice = await otherDevice(ANCHOR)
    await anchorDevice.setRoomExtraInfo(ROOM, 'explain', 'g2')
    const page = await openViewer()
    expect(explainCardText(page)).toContain('保温杯')
    await anchorDevice.setRoomExtraInfo(ROOM, 'explain', 'g1')
    await settle()
    expect(explainCardText(page)).toContain('商品 g1')
    closePage(page)
    leave(anchorDevice)
    expect(fakeRoomExtraInfo.size).toBe(0)
  })

  it('hides the card once the server says the live ended', async () => {
    const page = await openViewer()
    currentEngine().extraInfoUpdated('explain', 'g1')
    await settle()
    currentEngine().streamAdded(`${ROOM}_${ANCHOR}_main`, ANCHOR)
    await settle()
    ctx.server.setRoomStatus(ROOM, 'ended')
    currentEngine().streamDeleted(`${ROOM}_${ANCHOR}_main`, ANCHOR)
    await settle()
    expect(text(page)).toContain('直播已结束')
    expect(explainCardText(page)).toBe('')
    closePage(page)
  })
})
