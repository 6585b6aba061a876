/**
 * The room list's Channels live card (share subpackage, loaded asynchronously by the room list):
 * the merchant's live, or its notice with 预约, opened with wx.openChannelsLive from a tap.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { channelsErrorText, reserveStateText } from '../../core/channels-live'
import { openChannelsLive, reserveChannelsLive, type ChannelsFailure } from '../../services/channels-live'
import { channelsLiveStore } from '../../stores/channels-live'
import { loadChannelsLive } from './load-channels'

ComponentWithStore({
  storeBindings: {
    store: channelsLiveStore,
    fields: ['view', 'nickname', 'headUrl', 'description', 'startTime', 'reservable', 'message'] as const,
    actions: {} as const,
  },
  lifetimes: {
    attached(): void {
      void loadChannelsLive(channelsLiveStore)
    },
  },
  methods: {
    async onOpen(): Promise<void> {
      const s = channelsLiveStore
      try {
        await openChannelsLive(s.finderUserName, s.feedId, s.nonceId)
      } catch (err) {
        const f = err as ChannelsFailure
        // Closing WeChat's confirm dialog is the shopper's choice, not a failure.
        if (!/cancel/.test(f.errMsg ?? '')) s.said(channelsErrorText(f.errCode, f.errMsg))
      }
    },
    async onReserve(): Promise<void> {
      const s = channelsLiveStore
      try {
        s.said(reserveStateText(await reserveChannelsLive(s.noticeId)))
      } catch (err) {
        s.said(channelsErrorText((err as ChannelsFailure).errCode, (err as ChannelsFailure).errMsg))
      }
    },
    onRetry(): void {
      void loadChannelsLive(channelsLiveStore)
    },
  },
})
