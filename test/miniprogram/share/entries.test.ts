/**
 * Entries by code and poster: a poster's code carries a scene that the entry page decodes back to
 * its room, crediting the poster's maker; share cards from the goods page carry the sharer's
 * token and are recorded when someone else opens them; the poster is saved, a refused album
 * permission is explained and fixed through the settings page, and the poster can be sent on.
 */
import { openPage } from '../../helpers/load-page'
import { settle, text, type SimPage } from '../../helpers/live'
import { freshPageFakes } from '../../helpers/page-fakes'
import { wxFaults, wxLedger, wxPermissions } from '../../fakes/wx'
import { canvasOps, wxClient } from '../../fakes/wx-share'
import { FakeShareRoutes } from '../../fakes/share-server'
import { type FakeServer } from '../../fakes/server-api'
import { makeRoom } from '../../fakes/server-fixtures'
import type { Room } from '../../../miniprogram/core/api-types'

let server: FakeServer
let shares: FakeShareRoutes
let pages: SimPage[] = []

const ROOM: Room = makeRoom('room-9', { title: '春季新品直播', cover: 'https://cdn.example.com/room-9.jpg', anchorUserId: 'anchor-1', status: 'live' })

beforeEach(() => {
  server = freshPageFakes()
  shares = new FakeShareRoutes().install(server)
  server.addRoom(ROOM)
  wxClient.reset()
  getApp<IAppOption>().globalData.shareTicket = undefined
})

afterEach(() => {
  for (const p of pages) p.detach()
  pages = []
})

function open(path: string, query: Record<string, string>): SimPage {
  const p = openPage(path, query)
  pages.push(p)
  return p
}

const tap = async (p: SimPage, selector: string): Promise<void> => {
  const node = p.querySelector(selector)
  if (!node) throw new Error(`${selector} is not shown; the page says: ${text(p)}`)
  node.dispatchEvent('click')
  await settle(10)
}

/** A second client (another user) on the same server data. */
function anotherShopper(): FakeServer {
  const other = freshPageFakes()
  other.extraRoutes.push(...server.extraRoutes)
  other.addRoom(ROOM)
  for (const g of server.goods.values()) other.addGoods(g)
  return other
}

describe('room codes and posters', () => {
  it("draws a poster with the room's code, and its scene opens the room crediting the poster's maker", async () => {
    server.userId = 'anchor-1'
    const poster = open('share/poster/index', { roomId: ROOM.id })
    await settle(10)
    expect(text(poster)).toContain('保存到相册')
    const [scene, code] = [...shares.codes.entries()][0] ?? []
    expect(code).toEqual({ kind: 'room', target: ROOM.id, sharer: 'anchor-1' })
    expect(scene!.length).toBeLessThanOrEqual(32)
    const codeFile = [...wxClient.files.keys()][0] ?? ''
    expect(Buffer.from(wxClient.files.get(codeFile) ?? '', 'base64').toString()).toBe(`code:${scene}`)
    expect(canvasOps).toEqual([`drawImage:${ROOM.cover}`, 'fillText:春季新品直播', 'fillText:长按识别小程序码，进入直播间', `drawImage:${codeFile}`])

    // Another shopper scans the code: WeChat hands the entry page the scene percent-encoded.
    anotherShopper()
    open('share/entry/index', { scene: encodeURIComponent(scene!) })
    await settle(10)
    expect(wxLedger.of('redirectTo').map((c) => (c.args[0] as { url: string }).url)).toEqual([`/live/viewer/index?roomId=${ROOM.id}`])
    expect(shares.opens).toEqual([{ sharer: 'anchor-1', opener: 'viewer-1', channel: 'code', roomId: ROOM.id, goodsId: undefined, wechatRoomId: undefined }])
  })

  it('enters a WeChat live room from its code with type=9', async () => {
    shares.codes.set('cwechat77', { kind: 'wechat', target: '77', sharer: 'sharer-2' })
    open('share/entry/index', { scene: 'cwechat77' })
    await settle(10)
    expect(wxLedger.of('redirectTo').map((c) => (c.args[0] as { url: string }).url)).toEqual(['/wxlive/room/index?roomId=77&type=9'])
  })

  it('says a code is unknown or unreadable, and retries a failed lookup', async () => {
    const gone = open('share/entry/index', { scene: 'cUnknown' })
    await settle(10)
    expect(text(gone)).toContain('这个小程序码已失效')
    const bad = open('share/entry/index', { scene: encodeURIComponent('有中文') })
    await settle()
    expect(text(bad)).toContain('这个小程序码无法识别')
    shares.codes.set('cnet', { kind: 'room', target: ROOM.id, sharer: 'sharer-3' })
    server.failNetwork = 3
    const flaky = open('share/entry/index', { scene: 'cnet' })
    await settle(10)
    expect(text(flaky)).toContain('打开失败')
    await tap(flaky, '.entry__retry')
    expect(wxLedger.of('redirectTo')).toHaveLength(1)
  })

  it('explains a refused album permission and saves after the settings page allows it, and sends the image', async () => {
    wxPermissions['scope.writePhotosAlbum'] = false
    const poster = open('share/poster/index', { roomId: ROOM.id })
    await settle(10)
    await tap(poster, '.poster__save')
    expect(text(poster)).toContain('保存海报需要允许「保存到相册」')
    // In the settings page the shopper turns 保存到相册 on.
    wxPermissions['scope.writePhotosAlbum'] = true
    await tap(poster, '.poster__setting')
    expect(text(poster)).toContain('已允许保存到相册')
    await tap(poster, '.poster__save')
    expect(wxLedger.of('saveImageToPhotosAlbum').map((c) => (c.args[0] as { filePath: string }).filePath)).toEqual(['wxfile://tmp/poster.jpg', 'wxfile://tmp/poster.jpg'])
    expect(wxLedger.of('showToast').map((c) => (c.args[0] as { title: string }).title)).toEqual(['已保存到相册'])

    await tap(poster, '.poster__send')
    expect(wxLedger.of('showShareImageMenu').map((c) => (c.args[0] as { path: string }).path)).toEqual(['wxfile://tmp/poster.jpg'])
    wxClient.missingApis.add('showShareImageMenu')
    await tap(poster, '.poster__send')
    expect(text(poster)).toContain('请保存后在聊天中发送')
  })

  it('says the poster failed and retries', async () => {
    wxFaults.set('canvasToTempFilePath', 'canvas is empty')
    const poster = open('share/poster/index', { roomId: ROOM.id })
    await settle(10)
    expect(text(poster)).toContain('海报生成失败（canvasToTempFilePath:fail canvas is empty）')
    wxFaults.clear()
    await tap(poster, '.poster__retry')
    expect(text(poster)).toContain('保存到相册')
  })
})

describe('share cards from the goods page', () => {
  it('a card shared by one user and opened by another through a group card records the sharer', async () => {
    server.userId = 'sharer-5'
    server.addGoods({ id: 'g1', title: '咖啡豆', images: [], priceFen: 1990, stock: 5, status: 'on_sale' } as never)
    const detail = open('pages/goods-detail/index', { goodsId: 'g1', room_id: ROOM.id })
    await settle(10)
    const card = (detail.instance as unknown as { onShareAppMessage(): { path: string; promise: Promise<{ path: string }> } }).onShareAppMessage()
    expect(card.path).toBe(`/pages/goods-detail/index?goodsId=g1&room_id=${ROOM.id}`)
    const path = (await card.promise).path
    const st = /[?&]st=([^&]+)/.exec(path)?.[1] ?? ''
    expect(shares.tokens.get(decodeURIComponent(st))).toEqual({ sharer: 'sharer-5', goodsId: 'g1', roomId: ROOM.id, wechatRoomId: undefined })

    // A friend opens the group card: the app kept the shareTicket of scene 1044.
    anotherShopper()
    getApp<IAppOption>().globalData.shareTicket = 'ticket-1'
    open('pages/goods-detail/index', { goodsId: 'g1', room_id: ROOM.id, st })
    await settle(10)
    expect(shares.opens).toEqual([{ sharer: 'sharer-5', opener: 'viewer-1', channel: 'group', roomId: ROOM.id, goodsId: 'g1', wechatRoomId: undefined }])
  })
})
