/**
 * The anchor's console tells the server when the live starts and ends (POST /api/rooms/:id/status),
 * so the room list and viewers learn it; a failing report never disturbs the live.
 */
import { ANCHOR, ROOM, STREAM, closePage, componentState, currentEngine, goLive, livePusher, methods, openAnchor, settle, statusRequests, text, useLiveFakes, type SimPage } from '../../helpers/live'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { engineLedger } from '../../fakes/zego-cloud'
import { wxLedger } from '../../fakes/wx'

const ctx = useLiveFakes()

interface AnchorPage {
  onStatusAction(): void
  confirmEnd(): void
}

/** The console of a room the server still has scheduled: nothing has been reported yet. */
function openScheduledAnchor(): Promise<SimPage> {
  ctx.server.setRoomStatus(ROOM, 'scheduled')
  return openAnchor(ctx.server)
}

async function endLive(page: SimPage): Promise<void> {
  methods<AnchorPage>(page).onStatusAction()
  await settle()
  methods<AnchorPage>(page).confirmEnd()
  await settle()
}

const serverStatus = (): string | undefined => ctx.server.rooms.get(ROOM)?.status

/** Sequence number of the first status request reporting `status`, in the ledger shared with the engine. */
function statusRequestSeq(status: string): number {
  const call = wxLedger.of('request').find((c) => {
    const o = c.args[0] as { url: string; data?: { status?: string } }
    return o.url.endsWith(`/api/rooms/${ROOM}/status`) && o.data?.status === status
  })
  if (!call?.seq) throw new Error(`no ${status} report`)
  return call.seq
}

describe('anchor console reports the live to the server', () => {
  it('reports live once when publishing starts, even through a -1307 republish and a reconnect', async () => {
    const page = await openScheduledAnchor()
    methods<AnchorPage>(page).onStatusAction()
    await settle()
    expect(statusRequests(ctx.server)).toEqual([]) // asked, not yet publishing
    componentState(livePusher(page), 1002)
    await settle()
    expect(statusRequests(ctx.server)).toEqual(['live'])
    expect(serverStatus()).toBe('live')
    expect(ctx.server.statusReports[0]).toMatchObject({ userId: ANCHOR, answer: 200 })

    currentEngine().pusherGaveUp(STREAM)
    await settle()
    componentState(livePusher(page), 1002)
    await settle()
    currentEngine().networkLost()
    currentEngine().pusherGaveUp(STREAM)
    await settle()
    currentEngine().reconnected()
    await settle()
    componentState(livePusher(page), 1002)
    await settle()
    expect(engineLedger.of('startPublishingStream')).toHaveLength(3)
    expect(liveRoomStore.isLive).toBe(true)
    expect(statusRequests(ctx.server)).toEqual(['live'])
    closePage(page)
    await settle()
  })

  it('reports ended after the stream is stopped when the anchor ends the live, and stays on the page', async () => {
    const page = await openScheduledAnchor()
    await goLive(page)
    await endLive(page)
    expect(text(page)).toContain('未开播')
    expect(statusRequests(ctx.server)).toEqual(['live', 'ended'])
    expect(serverStatus()).toBe('ended')
    expect(ctx.server.rooms.get(ROOM)?.liveEndedAt).toEqual(expect.any(Number))
    const stopped = engineLedger.of('stopPublishingStream')[0]?.seq ?? Infinity
    const pusherStopped = wxLedger.of('LivePusherContext.stop')[0]?.seq ?? Infinity
    expect(stopped).toBeLessThan(statusRequestSeq('ended'))
    expect(pusherStopped).toBeLessThan(statusRequestSeq('ended'))

    // Going live again from the same page is a new live; closing afterwards ends it.
    await goLive(page)
    expect(serverStatus()).toBe('live')
    closePage(page)
    await settle()
    expect(statusRequests(ctx.server)).toEqual(['live', 'ended', 'live', 'ended'])
    expect(serverStatus()).toBe('ended')
  })

  it('reports ended when the anchor leaves the page while live, after the streams stop', async () => {
    const page = await openScheduledAnchor()
    await goLive(page)
    closePage(page)
    await settle()
    expect(statusRequests(ctx.server)).toEqual(['live', 'ended'])
    expect(serverStatus()).toBe('ended')
    expect(engineLedger.of('stopPublishingStream')[0]?.seq ?? Infinity).toBeLessThan(statusRequestSeq('ended'))
  })

  it('reports nothing when the anchor only previewed, or ended before publishing started', async () => {
    const page = await openScheduledAnchor()
    methods<AnchorPage>(page).onStatusAction() // asked to go live, the pusher never reached 1002
    await settle()
    await endLive(page)
    closePage(page)
    await settle()
    const quiet = await openScheduledAnchor()
    closePage(quiet)
    await settle()
    expect(statusRequests(ctx.server)).toEqual([])
    expect(serverStatus()).toBe('scheduled')
  })

  it('a 500 on the live report changes nothing on screen and is retried once', async () => {
    ctx.server.failures.set(`POST /api/rooms/${ROOM}/status`, { status: 500, body: { error: 'internal', message: 'internal server error' } })
    const page = await openScheduledAnchor()
    await goLive(page)
    await settle()
    expect(statusRequests(ctx.server)).toEqual(['live', 'live'])
    expect(serverStatus()).toBe('live')
    expect(liveRoomStore.failure).toBeNull()
    expect(text(page)).toContain('直播中')
    expect(text(page)).not.toContain('500')
    expect(text(page)).not.toContain('服务器')
    closePage(page)
    await settle()
  })

  it('a network failure of the end report keeps the screen as it is and is retried', async () => {
    const page = await openScheduledAnchor()
    await goLive(page)
    // api.ts tries three times itself; the report's own retry comes after that.
    ctx.server.failNetwork = 3
    await endLive(page)
    expect(liveRoomStore.failure).toBeNull()
    expect(text(page)).toContain('未开播')
    expect(page.data.status.actionText).toBe('开始直播')
    await settle()
    expect(statusRequests(ctx.server)).toEqual(['live', 'ended', 'ended', 'ended', 'ended'])
    expect(serverStatus()).toBe('ended')
    closePage(page)
    await settle()
    expect(statusRequests(ctx.server)).toHaveLength(5)
  })

  it('a report that keeps failing stops after one retry and goes out with the next state change', async () => {
    const page = await openScheduledAnchor()
    ctx.server.failNetwork = 6 // the live report and its retry, three tries each
    await goLive(page)
    await settle()
    expect(statusRequests(ctx.server)).toEqual(['live', 'live', 'live', 'live', 'live', 'live'])
    expect(serverStatus()).toBe('scheduled')
    expect(text(page)).toContain('直播中')
    expect(liveRoomStore.failure).toBeNull()

    // No timer keeps hammering the server while the live goes on.
    await settle(20)
    expect(statusRequests(ctx.server)).toHaveLength(6)

    closePage(page)
    await settle()
    expect(statusRequests(ctx.server).slice(6)).toEqual(['ended'])
    expect(serverStatus()).toBe('ended')
  })

  it('a server that refuses the report (room cancelled) does not stop the live', async () => {
    const page = await openScheduledAnchor()
    ctx.server.setRoomStatus(ROOM, 'cancelled')
    await goLive(page)
    await settle()
    expect(ctx.server.statusReports.map((r) => r.answer)).toEqual([409, 409])
    expect(liveRoomStore.isLive).toBe(true)
    expect(liveRoomStore.failure).toBeNull()
    expect(text(page)).toContain('直播中')
    closePage(page)
    await settle()
  })
})

describe('console live sessions', () => {
  it('names each live with a session of its own, sent with its live and its ended report', async () => {
    const page = await openScheduledAnchor()
    await goLive(page)
    await endLive(page)
    methods<AnchorPage>(page).onStatusAction()
    await settle()
    componentState(livePusher(page), 1002)
    await settle()
    const reports = ctx.server.statusReports.map((r) => ({ status: r.status, session: r.session }))
    expect(reports).toEqual([
      { status: 'live', session: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) },
      { status: 'ended', session: reports[0]?.session },
      { status: 'live', session: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) },
    ])
    expect(reports[2]?.session).not.toBe(reports[0]?.session)
    expect(serverStatus()).toBe('live')
    closePage(page)
    await settle()
  })
})
