/**
 * Buying from the live room: 立即购买 on the shelf or the 讲解中 card opens the buy popup over the
 * playing video, and the whole purchase (spec, address, order, payment) happens there. The stream
 * keeps playing throughout (no stopPlayingStream, no player stop, no logout, the page stays), the
 * order names the room, and the result page goes back down to it.
 */
import { openPage } from '../../helpers/load-page'
import { STREAM, ROOM, currentEngine, livePlayer, openShelf, settle, text, useLiveFakes, watchAnchor, type SimPage } from '../../helpers/live'
import { makeRoom } from '../../fakes/server-fixtures'
import { engineLedger } from '../../fakes/zego-cloud'
import { wxLedger } from '../../fakes/wx'
import type { ShopServer } from '../../fakes/shop-server'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { popupData, popupText, tapIn, useShop, waitFor } from '../../helpers/shop'

const ctx = useLiveFakes()
let shop: ShopServer
let page: SimPage | undefined

beforeEach(() => {
  shop = useShop(ctx.server)
  ctx.server.addRoom(makeRoom(ROOM, { shelf: ['soap', 'scarf'] }))
})

afterEach(() => {
  page?.detach()
  page = undefined
})

/** What would stop or leave the live: engine calls, player context calls and page changes. */
function stoppingCalls(): string[] {
  const engine = engineLedger.calls.map((c) => c.method).filter((m) => ['stopPlayingStream', 'logoutRoom', 'destroyEngine', 'stopPublishingStream'].includes(m))
  const wx = wxLedger.names().filter((n) => /^LivePlayerContext\.(stop|pause)$/.test(n) || ['navigateBack', 'redirectTo', 'reLaunch', 'switchTab'].includes(n))
  return [...engine, ...wx]
}

async function buyInPopup(p: SimPage): Promise<string> {
  await waitFor(p, () => popupData(p).step === 'spec', 'the spec step over the video')
  await tapIn(p, '.buy-popup__next', 'click')
  await waitFor(p, () => popupData(p).step === 'confirm', 'the confirmation step')
  await tapIn(p, '.buy-popup__address')
  // WeChat's address picker covers the page: it is hidden and shown again.
  const lifetimes = p as unknown as { triggerPageLifeTime(name: 'hide' | 'show'): void }
  lifetimes.triggerPageLifeTime('hide')
  lifetimes.triggerPageLifeTime('show')
  await waitFor(p, () => popupText(p).includes('张三'), 'the chosen address')
  await tapIn(p, '.buy-popup__submit', 'click')
  await waitFor(p, () => wxLedger.of('navigateTo').length > 0, 'the result page opening')
  return (wxLedger.of('navigateTo')[0]?.args[0] as { url: string }).url
}

describe('buying in the live room', () => {
  it('buys from the shelf in a popup over the video while the stream keeps playing', async () => {
    page = await watchAnchor()
    engineLedger.clear()
    wxLedger.clear()
    await openShelf(page)
    const buy = page.querySelectorAll('#shelf >>> .goods-shelf__buy')
    expect(buy.map((n) => n.dom?.textContent)).toEqual(['立即购买', '立即购买'])
    buy[0]!.dispatchEvent('tap')
    await settle()
    expect((page.data as unknown as { buyGoodsId: string }).buyGoodsId).toBe('soap')
    const url = await buyInPopup(page)

    const [order] = [...shop.orders.values()]
    expect(order?.roomId).toBe(ROOM)
    expect(order?.state).toBe('paid')
    expect(url).toBe(`/shop/result/index?orderId=${order?.id}&outcome=paid&room_id=${ROOM}`)
    expect(stoppingCalls()).toEqual([])
    expect(livePlayer(page, STREAM)).toBeTruthy()
    expect(liveRoomStore.viewerPhase).toBe('live')
    expect(currentEngine().destroyed).toBeFalsy()
  })

  it('buys the goods on the 讲解中 card the same way', async () => {
    page = await watchAnchor()
    currentEngine().extraInfoUpdated('explain', 'soap')
    await settle()
    engineLedger.clear()
    wxLedger.clear()
    const card = page.querySelector('#explain >>> .explain-card__buy')
    expect(card?.dom?.textContent).toBe('立即购买')
    card!.dispatchEvent('tap')
    await settle()
    expect(wxLedger.of('navigateTo')).toHaveLength(0)
    await buyInPopup(page)
    expect(stoppingCalls()).toEqual([])
    expect(text(page)).toContain('讲解中')
  })

  it('comes back to the room from the result page with navigateBack', async () => {
    page = await watchAnchor()
    await openShelf(page)
    page.querySelectorAll('#shelf >>> .goods-shelf__buy')[0]!.dispatchEvent('tap')
    await settle()
    const url = await buyInPopup(page)
    const query = Object.fromEntries(new URL(`https://x${url}`).searchParams)
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/rooms/index' }, { route: 'live/viewer/index' }, { route: 'shop/result/index' }])
    const result = openPage('shop/result/index', query)
    await waitFor(result, () => text(result).includes('支付成功'), 'the result page asking the server')
    engineLedger.clear()
    wxLedger.clear()
    result.querySelector('.result__back')!.dispatchEvent('click')
    await settle()
    expect(wxLedger.calls.map((c) => [c.api, c.args[0]])).toEqual([['navigateBack', expect.objectContaining({ delta: 1 })]])
    expect(engineLedger.calls.map((c) => c.method).filter((m) => m === 'stopPlayingStream' || m === 'logoutRoom')).toEqual([])
    result.detach()
  })
})
