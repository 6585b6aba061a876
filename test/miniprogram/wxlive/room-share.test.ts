/**
 * Sharing through WeChat's live plugin: the room URL carries this viewer's sharer token in
 * custom_params (within the plugin's 600 characters), getShareParams is asked only in the share
 * scenes the plugin answers in, and a card shared from inside the plugin credits its sharer.
 */
import { openPage } from '../../helpers/load-page'
import { settle, type SimPage } from '../../helpers/live'
import { freshPageFakes } from '../../helpers/page-fakes'
import { wxLedger } from '../../fakes/wx'
import { livePlayerPlugin } from '../../fakes/live-player-plugin'
import { FakeShareRoutes } from '../../fakes/share-server'
import type { FakeServer } from '../../fakes/server-api'
import { MAX_CUSTOM_PARAMS_LENGTH, parseWechatLiveRoomUrl } from '../../../miniprogram/core/wechat-live-url'

let page: SimPage | undefined
let server: FakeServer
let shares: FakeShareRoutes

beforeEach(() => {
  server = freshPageFakes()
  shares = new FakeShareRoutes().install(server)
  livePlayerPlugin.reset()
  livePlayerPlugin.statuses.set(12, 101)
  getApp<IAppOption>().globalData.entryScene = 1001
  getApp<IAppOption>().globalData.shareTicket = undefined
})

afterEach(() => {
  page?.detach()
  page = undefined
})

function openAt(scene: number, query: Record<string, string> = { roomId: '12' }): Promise<void> {
  getApp<IAppOption>().globalData.entryScene = scene
  livePlayerPlugin.scene = scene
  page = openPage('wxlive/room/index', query)
  ;(page.instance as unknown as { onShow(): void }).onShow()
  return settle()
}

const pluginUrls = (): string[] => wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)

describe('wxlive room sharing', () => {
  it.each([1001, 1011, 1047, 1074, 1089])('never asks getShareParams outside the share scenes (scene %i)', async (scene) => {
    livePlayerPlugin.shareParams = { openid: 'o', share_openid: 's', room_id: 12, custom_params: {} }
    await openAt(scene)
    ;(page!.instance as unknown as { onShow(): void }).onShow()
    await settle()
    expect(livePlayerPlugin.of('getShareParams')).toEqual([])
  })

  it.each([1007, 1008, 1044, 1154, 1155])('asks getShareParams once in share scene %i and credits the sharer it names', async (scene) => {
    const token = shares.tokenFor({ sharer: 'sharer-7', wechatRoomId: 12 })
    livePlayerPlugin.shareParams = { openid: 'o', share_openid: 's', room_id: 12, custom_params: { st: token } }
    await openAt(scene)
    ;(page!.instance as unknown as { onShow(): void }).onShow()
    await settle()
    expect(livePlayerPlugin.of('getShareParams')).toHaveLength(1)
    expect(shares.opens).toEqual([{ sharer: 'sharer-7', opener: 'viewer-1', channel: 'plugin', roomId: undefined, goodsId: undefined, wechatRoomId: 12 }])
  })

  it('takes custom_params the client hands over as a JSON string too, and ignores a card without a sharer', async () => {
    const token = shares.tokenFor({ sharer: 'sharer-8', wechatRoomId: 12 })
    livePlayerPlugin.shareParams = { openid: 'o', share_openid: 's', room_id: 12, custom_params: encodeURIComponent(JSON.stringify({ st: token })) }
    await openAt(1044)
    expect(shares.opens.map((o) => o.sharer)).toEqual(['sharer-8'])
    page!.detach()
    livePlayerPlugin.shareParams = { openid: 'o', share_openid: 's', room_id: 12, custom_params: {} }
    await openAt(1007)
    expect(shares.opens).toHaveLength(1)
  })

  /** An upcoming room stays on the page, and 进入直播间 enters once the token has come. */
  async function enterUpcoming(): Promise<string[]> {
    livePlayerPlugin.statuses.set(12, 102)
    await openAt(1001)
    page!.querySelector('.wxlive-room__enter')!.dispatchEvent('click')
    await settle()
    return pluginUrls()
  }

  it("enters the plugin's room with this viewer's sharer token in custom_params, within 600 characters", async () => {
    const [url] = await enterUpcoming()
    const parsed = parseWechatLiveRoomUrl(url ?? '')
    expect(parsed?.roomId).toBe(12)
    const token = String(parsed?.customParams?.st)
    expect(shares.tokens.get(token)).toEqual({ sharer: 'viewer-1', roomId: undefined, goodsId: undefined, wechatRoomId: 12 })
    const encoded = /custom_params=([^&]*)/.exec(url ?? '')?.[1] ?? ''
    expect(encoded.length).toBeGreaterThan(0)
    expect(encoded.length).toBeLessThanOrEqual(MAX_CUSTOM_PARAMS_LENGTH)
  })

  it('enters without custom_params rather than not at all when the token would not fit', async () => {
    shares.tokenPadding = 700
    expect(await enterUpcoming()).toEqual(['plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=12'])
  })

  it.each([
    ['9', 'code'],
    ['10', 'article'],
  ])('passes type=%s from its own entry on to the plugin', async (type, entry) => {
    await openAt(1011, { roomId: '12', type })
    const [url] = pluginUrls()
    expect(url).toMatch(new RegExp(`&type=${type}$`))
    expect(parseWechatLiveRoomUrl(url ?? '')?.entry).toBe(entry)
  })

  it('shares its own page with a sharer token', async () => {
    await openAt(1001)
    const card = (page!.instance as unknown as { onShareAppMessage(): { path: string; promise: Promise<{ path: string }> } }).onShareAppMessage()
    expect(card.path).toMatch(/^\/wxlive\/room\/index\?roomId=12/)
    const path = (await card.promise).path
    const st = decodeURIComponent(/[?&]st=([^&]+)/.exec(path)?.[1] ?? '')
    expect(shares.tokens.get(st)?.sharer).toBe('viewer-1')
    expect(wxLedger.of('showShareMenu').map((c) => c.args[0])).toEqual([expect.objectContaining({ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] })])
  })
})
