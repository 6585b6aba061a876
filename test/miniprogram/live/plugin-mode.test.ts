/**
 * In plugin mode the stream components render ZEGO's 即构直播助手 components instead of
 * live-pusher / live-player, with the same interface and the same forwarding and order rules.
 */
import path from 'node:path'
import simulate from 'miniprogram-simulate'
import { miniprogramRoot } from '../../helpers/load-page'
import { ANCHOR, ROOM, STREAM, pluginTimeline, recordingPluginStub, settle, useLiveFakes } from '../../helpers/live'
import { config } from '../../../miniprogram/config'
import { zegoLive } from '../../../miniprogram/live/services/zego'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'

const ctx = useLiveFakes()
const mutableConfig = config as { zegoComponentMode: 'plugin' | 'native' }

function loadInPluginMode(unit: 'zego-pusher' | 'zego-player', tag: string, methodNames: string[]): string {
  return simulate.load(path.join(miniprogramRoot, `live/components/${unit}/index`), `${unit}-plugin-test`, {
    rootPath: miniprogramRoot,
    less: true,
    usingComponents: { [tag]: recordingPluginStub(tag, methodNames) },
  })
}

describe('plugin mode', () => {
  let pusherId = ''
  let playerId = ''
  beforeAll(() => {
    pusherId = loadInPluginMode('zego-pusher', 'zego-plugin-pusher', ['start', 'stop', 'startPreview', 'switchCamera'])
    playerId = loadInPluginMode('zego-player', 'zego-plugin-player', ['play', 'stop'])
  })
  beforeEach(() => {
    mutableConfig.zegoComponentMode = 'plugin'
  })
  afterEach(() => {
    mutableConfig.zegoComponentMode = 'native'
  })

  it('the pusher drives the plugin component, forwards its events, and stops after the SDK', async () => {
    ctx.server.userId = ANCHOR
    const ticket = zegoLive.open('anchor', ROOM)
    const pusher = simulate.render(pusherId, { streamId: STREAM })
    pusher.attach(document.createElement('parent-wrapper'))
    expect(pusher.querySelector('live-pusher')).toBeFalsy()
    const plugin = pusher.querySelector('#zego-plugin-pusher')
    expect(plugin).toBeTruthy()

    await zegoLive.checkPermission()
    await zegoLive.enter()
    await settle()
    await zegoLive.goLive()
    await settle()
    plugin!.dispatchEvent('statechange', { detail: { code: 1002, message: '' } })
    plugin!.dispatchEvent('netstatus', { detail: { info: { videoBitrate: 1000 } } })
    await settle()
    expect(liveRoomStore.isLive).toBe(true)
    zegoLive.switchCamera()
    zegoLive.endLive()
    zegoLive.close(ticket)
    pusher.detach()
    expect(pluginTimeline()).toEqual([
      'plugin:zego-plugin-pusher.startPreview',
      `startPublishingStream(${STREAM})`,
      'plugin:zego-plugin-pusher.start',
      `updatePlayerState(${STREAM})`,
      `updatePlayerNetStatus(${STREAM})`,
      'plugin:zego-plugin-pusher.switchCamera',
      `stopPublishingStream(${STREAM})`,
      'plugin:zego-plugin-pusher.stop',
      'plugin:zego-plugin-pusher.startPreview',
    ])
  })

  it('the player plays through the plugin component and stops after the SDK', async () => {
    const ticket = zegoLive.open('viewer', ROOM)
    await zegoLive.enter()
    await settle()
    const { FakeZegoEngine } = await import('../../fakes/zego-engine')
    FakeZegoEngine.current().streamAdded(STREAM, ANCHOR)
    const player = simulate.render(playerId, { streamId: STREAM })
    player.attach(document.createElement('parent-wrapper'))
    await settle()
    const plugin = player.querySelector('#zego-plugin-player')
    expect(player.querySelector('live-player')).toBeFalsy()
    plugin!.dispatchEvent('statechange', { detail: { code: 2004, message: '' } })
    await settle()
    expect(liveRoomStore.viewerPhase).toBe('live')
    zegoLive.close(ticket)
    player.detach()
    expect(pluginTimeline()).toEqual([
      `startPlayingStream(${STREAM})`,
      'plugin:zego-plugin-player.play',
      `updatePlayerState(${STREAM})`,
      `stopPlayingStream(${STREAM})`,
      'plugin:zego-plugin-player.stop',
    ])
  })
})
