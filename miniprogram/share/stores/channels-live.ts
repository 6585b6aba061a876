/** The Channels live card of the room list, fed by its loader; never calls wx.*. */
import { makeAutoObservable } from 'mobx-miniprogram'
import type { ChannelsView } from '../core/channels-live'

export class ChannelsLiveStore {
  view: ChannelsView = 'hidden'
  finderUserName = ''
  nickname = ''
  headUrl = ''
  description = ''
  feedId = ''
  nonceId = ''
  noticeId = ''
  startTime = ''
  reservable = false
  /** What went wrong or what a reservation did, in words. */
  message = ''

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true })
  }

  show(view: ChannelsView, fields: Partial<Omit<ChannelsLiveStore, 'view' | 'show' | 'said'>> = {}): void {
    this.view = view
    this.message = ''
    Object.assign(this, fields)
  }

  said(message: string): void {
    this.message = message
  }
}

export const channelsLiveStore = new ChannelsLiveStore()
