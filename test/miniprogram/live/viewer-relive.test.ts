/**
 * An anchor may end the live and go live again in the same room. A viewer who stayed sees "ended"
 * in between, then the live again: a stream on air beats the room status read before it.
 */
import { ANCHOR, ROOM, STREAM, closePage, componentState, currentEngine, livePlayer, openViewer, settle, text, useLiveFakes, watchAnchor } from '../../helpers/live'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { engineLedger } from '../../fakes/zego-cloud'

const ctx = useLiveFakes()

describe('viewer when the anchor goes live again after ending', () => {
  it('shows ended, then plays the new stream and shows the live', async () => {
    const page = await watchAnchor()

    ctx.server.setRoomStatus(ROOM, 'ended')
    currentEngine().streamDeleted(STREAM, ANCHOR)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('ended')
    expect(text(page)).toContain('直播已结束')

    ctx.server.setRoomStatus(ROOM, 'live')
    const playsBefore = engineLedger.of('startPlayingStream').length
    currentEngine().streamAdded(STREAM, ANCHOR)
    await settle()
    expect(engineLedger.of('startPlayingStream').length).toBe(playsBefore + 1)
    expect(liveRoomStore.viewerPhase).toBe('connecting')
    expect(text(page)).not.toContain('直播已结束')

    componentState(livePlayer(page, STREAM), 2004)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('live')
    expect(liveRoomStore.isLive).toBe(true)
    closePage(page)
  })

  it('a cancelled room stays ended whatever streams appear', async () => {
    const page = await openViewer()
    ctx.server.setRoomStatus(ROOM, 'cancelled')
    currentEngine().streamAdded(STREAM, ANCHOR)
    await settle()
    currentEngine().streamDeleted(STREAM, ANCHOR)
    await settle()
    currentEngine().streamAdded(STREAM, ANCHOR)
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('ended')
    closePage(page)
  })
})
