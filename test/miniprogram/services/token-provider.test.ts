/** The ZEGO service depends on TokenProvider / RoomInfoProvider, so a double can stand in for the server. */
import { zegoLive } from '../../../miniprogram/live/services/zego'
import { serverRoomInfoProvider, serverTokenProvider } from '../../../miniprogram/live/services/live-api'
import type { TokenProvider } from '../../../miniprogram/live/services/live-api'
import { config } from '../../../miniprogram/config'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { engineLedger } from '../../fakes/zego-cloud'
import { FakeZegoEngine } from '../../fakes/zego-engine'
import { settle, useLiveFakes, ROOM } from '../../helpers/live'

useLiveFakes()

afterEach(() => zegoLive.useProviders({ tokens: serverTokenProvider, rooms: serverRoomInfoProvider }))

describe('token provider seam', () => {
  it('logs in as the token\'s user and renews with the provider\'s next token', async () => {
    let n = 0
    const tokens: TokenProvider = { getZegoToken: async () => ({ appId: config.zegoAppId, userId: 'u-42', token: `t${++n}`, expiresAt: 0 }) }
    zegoLive.useProviders({
      tokens,
      rooms: { getRoom: async (id) => ({ id, title: 'T', cover: '', streamId: 's', anchorUserId: 'someone', status: 'live' }) },
    })
    const ticket = zegoLive.open('viewer', ROOM)
    await zegoLive.enter()
    expect(engineLedger.of('loginRoom')[0].args.slice(1, 3)).toEqual(['t1', { userID: 'u-42', userName: '观众u-42' }])
    FakeZegoEngine.current().tokenWillExpire()
    await settle()
    expect(engineLedger.of('renewToken')[0].args).toEqual(['t2', ROOM])
    zegoLive.close(ticket)
  })

  it('refuses a token for another ZEGO project with a clear message', async () => {
    zegoLive.useProviders({ tokens: { getZegoToken: async () => ({ appId: 1, userId: 'u', token: 't', expiresAt: 0 }) } })
    const ticket = zegoLive.open('viewer', ROOM)
    await zegoLive.enter()
    expect(liveRoomStore.statusText).toBe(`连接服务器失败：服务器的 ZEGO AppID（1）与小程序配置不一致`)
    expect(engineLedger.of('loginRoom')).toHaveLength(0)
    zegoLive.close(ticket)
  })
})
