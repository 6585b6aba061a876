/**
 * The room list's Channels live card: hidden without a configured finderUserName, the live opened
 * with wx.openChannelsLive from a tap, the notice with 预约 (reserveChannelsLive's outcome in
 * words), the last live ended, the base-library gates, and WeChat's errors explained.
 */
import { openPage } from '../../helpers/load-page'
import { settle, text, type SimPage } from '../../helpers/live'
import { freshPageFakes } from '../../helpers/page-fakes'
import { wxLedger } from '../../fakes/wx'
import { wxClient } from '../../fakes/wx-share'
import { FakeShareRoutes } from '../../fakes/share-server'
import type { FakeServer } from '../../fakes/server-api'
import { compareVersion } from '../../../miniprogram/share/core/channels-live'

let server: FakeServer
let shares: FakeShareRoutes
let page: SimPage | undefined

beforeEach(() => {
  server = freshPageFakes()
  shares = new FakeShareRoutes().install(server)
  shares.channelsFinderUserName = 'sphShop01'
  wxClient.reset()
})

afterEach(() => {
  page?.detach()
  page = undefined
})

async function openCard(): Promise<SimPage> {
  page = openPage('share/components/channels-live/index')
  await settle(10)
  return page
}

const calls = (api: string): unknown[] => wxLedger.of(api).map((c) => {
  const { success: _s, fail: _f, ...rest } = c.args[0] as Record<string, unknown>
  return rest
})

describe('Channels live card', () => {
  it('shows nothing and asks WeChat nothing without a configured Channels ID', async () => {
    shares.channelsFinderUserName = null
    const p = await openCard()
    expect(text(p)).toBe('')
    expect(wxLedger.of('getChannelsLiveInfo')).toEqual([])
  })

  it('shows the live and opens it with openChannelsLive from a tap', async () => {
    const p = await openCard()
    expect(text(p)).toContain('好物视频号')
    expect(text(p)).toContain('直播中：春季上新')
    expect(calls('getChannelsLiveInfo')).toEqual([{ finderUserName: 'sphShop01' }])
    expect(wxLedger.of('openChannelsLive')).toEqual([])
    p.querySelector('.channels__card')!.dispatchEvent('tap')
    await settle()
    expect(calls('openChannelsLive')).toEqual([{ finderUserName: 'sphShop01', feedId: 'feed-1', nonceId: 'nonce-1' }])
  })

  it('shows a notice with 预约 and says what the reservation did', async () => {
    wxClient.channelsLive = { status: 3, feedId: 'feed-0', nonceId: 'nonce-0', description: '上一场', nickname: '好物视频号', headUrl: '', replayStatus: 1, otherInfos: [] }
    wxClient.channelsNotice = { noticeId: 'notice-1', status: 0, startTime: '1900000000', headUrl: '', nickname: '好物视频号', reservable: true, otherInfos: [] }
    const p = await openCard()
    expect(text(p)).toContain('直播预告 1900000000')
    p.querySelector('.channels__reserve')!.dispatchEvent('tap')
    await settle()
    expect(calls('reserveChannelsLive')).toEqual([{ noticeId: 'notice-1' }])
    expect(wxLedger.of('openChannelsLive')).toEqual([])
    expect(text(p)).toContain('已预约，开播时微信会提醒你')
    wxClient.reserveState = 3
    p.querySelector('.channels__reserve')!.dispatchEvent('tap')
    await settle()
    expect(text(p)).toContain('直播预告已取消')
  })

  it.each([
    [3, '直播已结束，去看看'],
    [4, '直播即将开始'],
  ])('shows status %i without a notice as %s', async (status, words) => {
    wxClient.channelsLive = { status, feedId: 'f', nonceId: 'n', description: '', nickname: '好物视频号', headUrl: '', replayStatus: 0, otherInfos: [] }
    expect(text(await openCard())).toContain(words)
  })

  it('explains the same-subject error in words, and other failures with a retry', async () => {
    wxClient.channelsLive = { errCode: 100008, errMsg: 'getChannelsLiveInfo:fail' }
    const p = await openCard()
    expect(text(p)).toContain('视频号与本小程序不是同一主体（或视频号尚未认证）')
    wxClient.channelsLive = { errCode: -14, errMsg: 'getChannelsLiveInfo:fail' }
    p.querySelector('.channels__retry')!.dispatchEvent('click')
    await settle(10)
    expect(text(p)).toContain('开发者工具不支持视频号直播')
  })

  it('says the WeChat version is too old below base library 2.15.0, and skips notices below 2.19.0', async () => {
    wxClient.sdkVersion = '2.14.9'
    expect(text(await openCard())).toContain('当前微信版本不支持视频号直播')
    expect(wxLedger.of('getChannelsLiveInfo')).toEqual([])
    page!.detach()
    wxClient.sdkVersion = '2.18.0'
    wxClient.channelsLive = { status: 3, feedId: 'f', nonceId: 'n', description: '', nickname: '好物视频号', headUrl: '', replayStatus: 0, otherInfos: [] }
    wxClient.channelsNotice = { noticeId: 'notice-1', status: 0, startTime: '1900000000', reservable: true }
    expect(text(await openCard())).toContain('直播已结束')
    expect(wxLedger.of('getChannelsLiveNoticeInfo')).toEqual([])
    expect(compareVersion('2.19.0', '2.9.10')).toBe(1)
    expect(compareVersion('2.15', '2.15.0')).toBe(0)
  })

  it('does not call an API the client lacks', async () => {
    wxClient.missingApis.add('openChannelsLive')
    expect(text(await openCard())).toContain('当前微信版本不支持视频号直播')
  })
})
