import { openPage } from '../../helpers/load-page'
import { settle, text, type SimPage } from '../../helpers/live'
import { wxFaults, wxLedger } from '../../fakes/wx'
import { livePlayerPlugin } from '../../fakes/live-player-plugin'

const PLUGIN_ROOM_12 = 'plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=12'

let page: SimPage | undefined

beforeEach(() => {
  wxLedger.clear()
  wxFaults.clear()
  livePlayerPlugin.reset()
  // A live room: the page opens the plugin's room page as soon as the plugin says so.
  livePlayerPlugin.statuses.set(12, 101)
})

afterEach(() => {
  page?.detach()
  page = undefined
  wxFaults.clear()
})

async function openBridge(query: Record<string, string>): Promise<SimPage> {
  page = openPage('wxlive/room/index', query)
  await settle()
  return page
}

function navigations(): string[] {
  return wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)
}

describe('wxlive room bridge', () => {
  it('opens the plugin room page for the room and offers to enter again after the shopper comes back', async () => {
    page = openPage('wxlive/room/index', { roomId: '12' })
    expect(text(page)).toContain('正在打开微信直播间 12')
    await settle()

    expect(livePlayerPlugin.of('getLiveStatus').map((c) => c.args[0])).toEqual([{ room_id: 12 }])
    expect(navigations()).toEqual([PLUGIN_ROOM_12])
    expect(text(page)).toContain('已离开微信直播间')

    page.querySelector('.wxlive-room__reenter')!.dispatchEvent('click')
    await settle()
    expect(navigations()).toEqual([PLUGIN_ROOM_12, PLUGIN_ROOM_12])
  })

  it('says why the room did not open and retries', async () => {
    wxFaults.set('navigateTo', 'webview count limit exceed')
    const p = await openBridge({ roomId: '12' })

    expect(text(p)).toContain('打开微信直播间失败（navigateTo:fail webview count limit exceed）')
    expect(p.querySelector('.wxlive-room__retry')).toBeTruthy()

    wxFaults.clear()
    p.querySelector('.wxlive-room__retry')!.dispatchEvent('click')
    await settle()

    expect(navigations()).toEqual([PLUGIN_ROOM_12, PLUGIN_ROOM_12])
    expect(text(p)).not.toContain('打开微信直播间失败')
    expect(p.querySelector('.wxlive-room__retry')).toBeFalsy()
  })

  it('opens the plugin room page when the plugin cannot tell the status, as that page shows every state itself', async () => {
    livePlayerPlugin.faults.set('getLiveStatus', { errMsg: 'getLiveStatus:fail system error', errCode: -1 })
    const p = await openBridge({ roomId: '12' })

    expect(livePlayerPlugin.of('getLiveStatus')).toHaveLength(1)
    expect(navigations()).toEqual([PLUGIN_ROOM_12])
    expect(text(p)).toContain('已离开微信直播间')
    expect(text(p)).not.toContain('失败')
  })

  it.each([
    [{}, '没有指定微信直播间'],
    [{ roomId: 'abc' }, '微信直播间编号无效（abc）'],
    [{ roomId: '0' }, '微信直播间编号无效（0）'],
  ])('with query %p says %s, opens nothing and offers the room list', async (query, message) => {
    const p = await openBridge(query)
    expect(text(p)).toContain(message)
    expect(navigations()).toEqual([])
    expect(livePlayerPlugin.of('getLiveStatus')).toEqual([])
    expect(p.querySelector('.wxlive-room__retry')).toBeFalsy()

    p.querySelector('.wxlive-room__home')!.dispatchEvent('click')
    await settle()
    expect(wxLedger.of('switchTab').map((c) => (c.args[0] as { url: string }).url)).toEqual(['/pages/rooms/index'])
  })
})
