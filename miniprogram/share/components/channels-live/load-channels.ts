/**
 * Loads the merchant's Channels live into the card: nothing without a configured finderUserName;
 * the live when there is one (status 2); otherwise its reservable notice, or the last live ended;
 * each failure in words. Resolves when the store holds the answer; never rejects.
 */
import { channelsErrorText } from '../../core/channels-live'
import { fetchClientConfig } from '../../services/share-api'
import { channelsSupport, getChannelsLiveInfo, getChannelsLiveNoticeInfo, type ChannelsFailure } from '../../services/channels-live'
import type { ChannelsLiveStore } from '../../stores/channels-live'

const words = (err: unknown): string => channelsErrorText((err as ChannelsFailure).errCode, (err as ChannelsFailure).errMsg ?? String(err))

export async function loadChannelsLive(store: ChannelsLiveStore): Promise<void> {
  const finder = await fetchClientConfig().then((c) => c.channelsFinderUserName, () => null)
  if (!finder) return store.show('hidden')
  const support = channelsSupport()
  if (!support.live) return store.show('unsupported', { finderUserName: finder, message: '当前微信版本不支持视频号直播，请升级微信后再试' })
  store.show('loading', { finderUserName: finder })
  let info
  try {
    info = await getChannelsLiveInfo(finder)
  } catch (err) {
    return store.show('error', { message: words(err) })
  }
  const who = { nickname: info.nickname, headUrl: info.headUrl, description: info.description, feedId: info.feedId, nonceId: info.nonceId }
  if (info.status === 2) return store.show('live', who)
  if (support.notice) {
    try {
      const notice = await getChannelsLiveNoticeInfo(finder)
      if (notice.status === 0) return store.show('notice', { ...who, noticeId: notice.noticeId, startTime: notice.startTime, reservable: notice.reservable })
    } catch {
      // No reservable notice: WeChat fails the call, which is not an error to show.
    }
  }
  store.show(info.status === 4 ? 'preparing' : info.status === 3 ? 'ended' : 'hidden', who)
}
