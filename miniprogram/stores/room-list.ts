/**
 * The room list tab as the UI sees it: our ZEGO rooms and WeChat's live rooms, the load state and
 * the reason a load failed. Fed by the page's loader with server answers; never calls wx.*.
 * Bound objects are replaced, never mutated, so that bindings see every change.
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import type { Room, WechatLiveRoomsResponse } from '../core/api-types'
import { wechatRoomCards, zegoRoomCards, type ReminderState, type RoomCard } from '../core/room-cards'

/** What the WeChat section shows: nothing when the server cannot offer WeChat live, otherwise rooms or why they failed. */
export type WechatSection =
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'rooms'; readonly rooms: WechatLiveRoomsResponse['rooms']; readonly stale: boolean }
  | { readonly kind: 'failed'; readonly message: string }

export interface RoomListAnswer {
  zegoRooms: readonly Room[]
  wechat: WechatSection
  nowSeconds: number
  /** The signed-in user ('' when unknown): their own rooms lead to the anchor console. */
  userId: string
  /** A reminder template is configured: upcoming rooms offer 开播提醒. */
  remindersEnabled?: boolean
}

const noWechat: WechatSection = { kind: 'unavailable' }

export class RoomListStore {
  zegoRooms: readonly Room[] = []
  wechat: WechatSection = noWechat
  /** Start times read relative to the moment of the answer they came with. */
  nowSeconds = 0
  userId = ''
  remindersEnabled = false
  /** 开播提醒 per ZEGO room ID, from the server or from the shopper's taps; replaced, never mutated. */
  reminderStates: Readonly<Record<string, ReminderState>> = {}
  loading = false
  /** At least one load succeeded: a refresh keeps showing these rooms instead of a spinner. */
  loaded = false
  errorMessage = ''
  /** Only the latest load may write its answer; an older one finishing late is dropped. */
  private loadSerial = 0

  constructor() {
    makeAutoObservable<RoomListStore, 'loadSerial'>(this, { loadSerial: false }, { autoBind: true })
  }

  // ---- actions -------------------------------------------------------------------------------

  /** Returns the ticket the answer must carry. */
  loadStarted(): number {
    this.loading = true
    this.errorMessage = ''
    return ++this.loadSerial
  }

  loadSucceeded(ticket: number, answer: RoomListAnswer): void {
    if (ticket !== this.loadSerial) return
    this.zegoRooms = answer.zegoRooms
    this.wechat = answer.wechat
    this.nowSeconds = answer.nowSeconds
    this.userId = answer.userId
    this.remindersEnabled = answer.remindersEnabled ?? false
    this.loading = false
    this.loaded = true
  }

  loadFailed(ticket: number, message: string): void {
    if (ticket !== this.loadSerial) return
    this.loading = false
    this.errorMessage = message
  }

  /** What the server says; a reminder being asked for right now keeps its state. */
  reminderStatesLoaded(states: Readonly<Record<string, 'off' | 'on'>>): void {
    const next = { ...this.reminderStates }
    for (const [roomId, state] of Object.entries(states)) if (next[roomId] !== 'busy') next[roomId] = state
    this.reminderStates = next
  }

  reminderChanged(roomId: string, state: ReminderState): void {
    this.reminderStates = { ...this.reminderStates, [roomId]: state }
  }

  reminderOf(roomId: string): ReminderState {
    return this.reminderStates[roomId] ?? 'off'
  }

  reset(): void {
    this.loadSerial++
    this.zegoRooms = []
    this.wechat = noWechat
    this.nowSeconds = 0
    this.userId = ''
    this.remindersEnabled = false
    this.reminderStates = {}
    this.loading = false
    this.loaded = false
    this.errorMessage = ''
  }

  // ---- derived -------------------------------------------------------------------------------

  get zegoCards(): RoomCard[] {
    return zegoRoomCards(this.zegoRooms, this.nowSeconds, this.userId, this.remindersEnabled ? this.reminderStates : null)
  }

  get wechatCards(): RoomCard[] {
    return this.wechat.kind === 'rooms' ? wechatRoomCards(this.wechat.rooms, this.nowSeconds) : []
  }

  /** The WeChat section is hidden when the server has no WeChat live data to offer, or none worth showing. */
  get showWechatSection(): boolean {
    return this.wechat.kind === 'failed' || this.wechatCards.length > 0
  }

  get wechatNotice(): string {
    if (this.wechat.kind === 'failed') return `微信直播间加载失败：${this.wechat.message}`
    if (this.wechat.kind === 'rooms' && this.wechat.stale && this.wechatCards.length > 0) return '微信直播状态可能不是最新的'
    return ''
  }

  /** One of the four screens; a failed refresh over rooms already shown still says it failed. */
  get view(): 'loading' | 'error' | 'empty' | 'rooms' {
    if (this.errorMessage) return 'error'
    if (!this.loaded) return 'loading'
    return this.zegoCards.length === 0 && !this.showWechatSection ? 'empty' : 'rooms'
  }

  /** A refresh runs while rooms are on screen: the page keeps them and shows a small indicator. */
  get refreshing(): boolean {
    return this.loading && this.loaded
  }
}

export const roomListStore = new RoomListStore()
