/**
 * 海报 on both live pages: the anchor's console and the viewer room open the share subpackage's
 * poster page for the room they are in, and that page draws the room's code, credited to whoever
 * tapped it.
 */
import { ANCHOR, ROOM, closePage, openAnchor, openViewer, required, settle, text, useLiveFakes, type SimPage } from '../../helpers/live'
import { openPage } from '../../helpers/load-page'
import { wxFaults, wxLedger } from '../../fakes/wx'
import { canvasOps, wxClient } from '../../fakes/wx-share'
import { FakeShareRoutes } from '../../fakes/share-server'

const ctx = useLiveFakes()
let shares: FakeShareRoutes

beforeEach(() => {
  shares = new FakeShareRoutes().install(ctx.server)
  wxClient.reset()
})
afterEach(() => {
  wxFaults.delete('navigateTo')
})

const navigations = (): string[] => wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)

async function tapPoster(page: SimPage, selector: string): Promise<void> {
  required(page.querySelector(selector), `${selector} (the page says: ${text(page)})`).dispatchEvent('tap')
  await settle()
}

/** Opens the page a navigateTo URL names, as WeChat would, with its query. */
async function follow(url: string): Promise<SimPage> {
  const [path, query = ''] = url.replace(/^\//, '').split('?')
  const page = openPage(path!, Object.fromEntries(new URLSearchParams(query)))
  await settle(10)
  return page
}

describe('room poster', () => {
  it("the anchor console's 海报 opens the poster of its room, drawn with a code crediting the anchor", async () => {
    const console = await openAnchor(ctx.server)
    await tapPoster(console, '.anchor__poster')
    expect(navigations()).toEqual([`/share/poster/index?roomId=${ROOM}`])

    const poster = await follow(navigations()[0]!)
    expect(text(poster)).toContain('保存到相册')
    expect([...shares.codes.values()]).toEqual([{ kind: 'room', target: ROOM, sharer: ANCHOR }])
    expect(canvasOps.filter((op) => op.startsWith('fillText:'))).toContain('fillText:长按识别小程序码，进入直播间')
    poster.detach()
    closePage(console)
  })

  it("the viewer room's 海报 opens the same room's poster", async () => {
    const viewer = await openViewer()
    await tapPoster(viewer, '.viewer__poster')
    expect(navigations()).toEqual([`/share/poster/index?roomId=${ROOM}`])
    closePage(viewer)
  })

  it('stays on the console when WeChat refuses to open the poster, and opens it on the next tap', async () => {
    const console = await openAnchor(ctx.server)
    wxFaults.set('navigateTo', 'webview count limit exceed')
    await tapPoster(console, '.anchor__poster')
    expect(text(console)).toContain('直播间')
    wxFaults.delete('navigateTo')
    await tapPoster(console, '.anchor__poster')
    expect(navigations()).toEqual([`/share/poster/index?roomId=${ROOM}`, `/share/poster/index?roomId=${ROOM}`])
    closePage(console)
  })
})
