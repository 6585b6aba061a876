import simulate from 'miniprogram-simulate'
import { openPage } from '../helpers/load-page'
import { wxLedger } from '../fakes/wx'
import { provideZegoEngineConstructor } from '../../miniprogram/live/services/zego'
import { FakeZegoEngine } from '../fakes/zego-engine'
import { FakeServer } from '../fakes/server-api'
import { makeGoods, makeRoom } from '../fakes/server-fixtures'
import { FakeReplayRoutes } from '../fakes/replay-routes'
import { apiRetry } from '../../miniprogram/services/api'

// Live pages create the ZEGO engine on load; the fake stands in for the SDK, as in the live tests.
beforeAll(() => provideZegoEngineConstructor(FakeZegoEngine))

describe('pages render their true empty states', () => {
  it('room list says there are no rooms yet when the server has none', async () => {
    apiRetry.delaysMs = [0, 0]
    new FakeServer().install()
    const page = openPage('pages/rooms/index')
    for (let i = 0; i < 10; i++) await simulate.sleep(0)
    expect(page.dom!.textContent).toContain('还没有直播间')
    page.detach()
  })

  it('goods shelf says the shelf is empty when the server has no goods', async () => {
    apiRetry.delaysMs = [0, 0]
    new FakeServer().install()
    const page = openPage('pages/goods/index')
    for (let i = 0; i < 10; i++) await simulate.sleep(0)
    expect(page.dom!.textContent).toContain('货架上还没有商品')
    page.detach()
  })

  it('goods detail names the goods and offers the way back to the live room when opened from one', async () => {
    apiRetry.delaysMs = [0, 0]
    new FakeServer().install().goods.set('g42', makeGoods('g42'))
    ;(getCurrentPages as jest.Mock).mockReturnValueOnce([{}, {}])
    const page = openPage('pages/goods-detail/index', { goodsId: 'g42', room_id: '7' })
    for (let i = 0; i < 10; i++) await simulate.sleep(0)
    expect(page.dom!.textContent).toContain('商品 g42')
    expect(page.querySelector('.goods-detail__back')?.dom?.textContent).toBe('返回直播间')
    wxLedger.clear()
    ;(page.instance as unknown as { backToLiveRoom: () => void }).backToLiveRoom()
    expect(wxLedger.names()).toEqual(['navigateBack'])
    page.detach()
  })

  it('goods detail opened from the shelf has no back-to-room button', async () => {
    new FakeServer().install().goods.set('g1', makeGoods('g1'))
    ;(getCurrentPages as jest.Mock).mockReturnValueOnce([{}, {}])
    const page = openPage('pages/goods-detail/index', { goodsId: 'g1' })
    for (let i = 0; i < 10; i++) await simulate.sleep(0)
    expect(page.dom!.textContent).toContain('商品 g1')
    expect(page.dom!.textContent).not.toContain('返回直播间')
    page.detach()
  })

  it.each([
    ['live/anchor/index', { roomId: 'r1' }, '正在进入直播间'],
    ['live/viewer/index', { roomId: 'r1' }, '正在进入直播间'],
    ['live/replay/index', { roomId: 'r1' }, '还没有回放'],
    ['wxlive/room/index', { roomId: '12' }, '正在打开微信直播间 12'],
    ['shop/result/index', { orderId: 'o1', outcome: 'paid' }, '订单不存在'],
    ['shop/orders/index', {}, '待付款待发货待收货已完成售后'],
    ['shop/order-detail/index', { orderId: 'o1' }, '订单不存在'],
    ['shop/refund/index', { orderId: 'o1' }, '订单不存在'],
    ['shop/result/index', {}, '没有指定订单'],
  ])('%s renders', async (rel, query, text) => {
    // The shop pages ask a server that has no orders (the shop routes are not installed: 404), and
    // the replay page one that has no replays; their answers come some turns of the event loop later.
    if (rel.startsWith('shop/')) new FakeServer().install()
    if (rel === 'live/replay/index') {
      const server = new FakeServer().install()
      server.addRoom(makeRoom('r1', { status: 'ended' }))
      new FakeReplayRoutes(server, () => [])
    }
    const page = openPage(rel, query as Record<string, string>)
    await simulate.sleep(0)
    for (let i = 0; i < 30 && !page.dom!.textContent!.includes(text); i++) await simulate.sleep(0)
    expect(page.dom!.textContent).toContain(text)
    ;(page.instance as unknown as { onUnload?: () => void }).onUnload?.()
  })
})
