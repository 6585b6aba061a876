import { openPage } from '../../helpers/load-page'
import { settle, text, type SimPage } from '../../helpers/live'
import { type FakeServer } from '../../fakes/server-api'
import { makeRoom } from '../../fakes/server-fixtures'
import { wxFaults, wxLedger } from '../../fakes/wx'
import { wxSubscribe } from '../../fakes/wx-shopper'
import { config } from '../../../miniprogram/config'
import { roomListStore } from '../../../miniprogram/stores/room-list'
import { at, freshPageFakes } from '../../helpers/page-fakes'

const TEMPLATE_ID = 'tmpl-live-reminder-1'
const NOW = at('2025-03-05T10:00:00')
// The shipped config is read-only; tests switch the template on and off.
const mutableConfig = config as { liveReminderTemplateId: string }

let server: FakeServer
let page: SimPage | undefined

beforeEach(() => {
  wxSubscribe.choice = 'accept'
  mutableConfig.liveReminderTemplateId = TEMPLATE_ID
  roomListStore.reset()
  jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)
  server = freshPageFakes()
  server.addRoom(makeRoom('r-live', { title: '正在直播', status: 'live', scheduledStart: at('2025-03-05T09:00:00') }))
  server.addRoom(makeRoom('r-soon', { title: '今晚福利', status: 'scheduled', scheduledStart: at('2025-03-05T20:00:00') }))
  server.wechatLive = 'not_configured'
})

afterEach(() => {
  page?.detach()
  page = undefined
  mutableConfig.liveReminderTemplateId = ''
  jest.restoreAllMocks()
})

async function openRooms(): Promise<SimPage> {
  page = openPage('pages/rooms/index')
  for (let round = 0; round < 100 && roomListStore.loading; round++) await settle(1)
  await settle()
  return page
}

const buttons = (p: SimPage): string[] => p.querySelectorAll('.room-card__remind').map((b) => (b.dom?.textContent ?? '').trim())
const tapRemind = async (p: SimPage): Promise<void> => {
  p.querySelectorAll('.room-card__remind')[0]?.dispatchEvent('tap')
  await settle()
}
const toasts = (): string[] => wxLedger.of('showToast').map((c) => (c.args[0] as { title: string }).title)
const reminderPosts = (): number => server.paths().filter((p) => p === 'POST /api/rooms/r-soon/reminders').length

describe('开播提醒 on the room list', () => {
  it('asks for the subscription on tap, records it on the server and shows 已预约', async () => {
    const p = await openRooms()
    // Only the upcoming room offers it, and the list asked the server what is already booked.
    expect(buttons(p)).toEqual(['开播提醒'])
    expect(server.paths()).toContain('GET /api/rooms/r-soon/reminders/me')
    expect(server.paths()).not.toContain('GET /api/rooms/r-live/reminders/me')
    wxLedger.clear()

    await tapRemind(p)

    const [ask] = wxLedger.of('requestSubscribeMessage')
    expect((ask?.args[0] as { tmplIds: string[] }).tmplIds).toEqual([TEMPLATE_ID])
    // The prompt comes first, straight from the tap; the server hears of it only after "accept".
    const [post] = wxLedger.of('request')
    expect((post?.args[0] as { method: string; url: string }).method).toBe('POST')
    expect((post?.args[0] as { url: string }).url).toBe(`${config.serverUrl}/api/rooms/r-soon/reminders`)
    expect(ask?.seq ?? Infinity).toBeLessThan(post?.seq ?? -1)
    expect(server.reminders.has('r-soon|viewer-1')).toBe(true)
    expect(buttons(p)).toEqual(['已预约'])
    expect(toasts()).toEqual(['开播时会提醒你'])
    // catch:tap: the card under the button did not open the room.
    expect(wxLedger.of('navigateTo')).toHaveLength(0)

    // Tapping 已预约 asks nothing more.
    await tapRemind(p)
    expect(wxLedger.of('requestSubscribeMessage')).toHaveLength(1)
    expect(reminderPosts()).toBe(1)
  })

  it('shows 已预约 for a room the shopper booked before', async () => {
    server.reminders.add('r-soon|viewer-1')
    const p = await openRooms()
    expect(buttons(p)).toEqual(['已预约'])
  })

  it.each([
    ['reject' as const, '未开启开播提醒'],
    ['ban' as const, '开播提醒暂不可用'],
  ])('sends nothing to the server when the subscription answer is %s, and says so', async (choice, message) => {
    const p = await openRooms()
    wxSubscribe.choice = choice
    await tapRemind(p)
    expect(wxLedger.of('requestSubscribeMessage')).toHaveLength(1)
    expect(reminderPosts()).toBe(0)
    expect(toasts()).toEqual([message])
    expect(buttons(p)).toEqual(['开播提醒'])
  })

  it('says so when the subscription prompt fails', async () => {
    const p = await openRooms()
    wxFaults.set('requestSubscribeMessage', 'errCode 20004')
    await tapRemind(p)
    expect(reminderPosts()).toBe(0)
    expect(toasts()).toEqual(['开播提醒暂不可用'])
  })

  it('says the room already started when the server answers 409', async () => {
    const p = await openRooms()
    server.failures.set('POST /api/rooms/r-soon/reminders', { status: 409, body: { error: 'room_not_upcoming', message: 'reminders are for rooms that have not started; this room is live' } })
    await tapRemind(p)
    expect(reminderPosts()).toBe(1)
    expect(toasts()).toEqual(['直播已开始或已结束'])
    expect(buttons(p)).toEqual(['开播提醒'])
  })

  it('still opens the viewer when the card itself is tapped', async () => {
    const p = await openRooms()
    wxLedger.clear()
    p.querySelectorAll('.room-card')[1]?.dispatchEvent('tap')
    await settle()
    expect(wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)).toEqual(['/live/viewer/index?roomId=r-soon'])
    expect(wxLedger.of('requestSubscribeMessage')).toHaveLength(0)
  })

  it('offers no reminder without a template ID', async () => {
    mutableConfig.liveReminderTemplateId = ''
    const p = await openRooms()
    expect(text(p)).toContain('今晚福利')
    expect(buttons(p)).toEqual([])
    expect(server.paths().filter((x) => x.includes('/reminders'))).toEqual([])
  })

  it("offers no reminder on the anchor's own room", async () => {
    server.userId = 'anchor-1'
    server.role = 'anchor'
    const p = await openRooms()
    expect(text(p)).toContain('去开播')
    expect(buttons(p)).toEqual([])
    expect(server.paths().filter((x) => x.includes('/reminders'))).toEqual([])
  })
})
