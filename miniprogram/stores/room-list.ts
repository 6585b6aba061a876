/**
 * The room list tab as the UI sees it: our ZEGO rooms and WeChat's live rooms, the load state and
 * the reason a load failed, and the actions that fill it (load, refresh, 开播提醒) through its
 * source of server answers; never calls wx.* itself. The page binds its fields and forwards taps.
 * Bound objects are replaced, never mutated, so that bindings see every change.
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import type { Room } from '../core/api-types'
import { wechatRoomCards, zegoRoomCards, type ReminderState, type RoomCard } from '../core/room-cards'
import { failureMessage } from '../services/failure-message'
import { serverRoomListSource, type RoomListSource, type WechatSection } from '../services/room-list-source'

export type { WechatSection } from '../services/room-list-source'

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

  constructor(
    private readonly source: RoomListSource = serverRoomListSource,
    private readonly now: () => number = () => Date.now(),
  ) {
    // The commands are not actions: each step they take is one, so the bindings render the
    // spinner before the requests go out, as the step-by-step actions below are written for.
    makeAutoObservable<RoomListStore, 'loadSerial' | 'source' | 'now' | 'loadReminderStates'>(
      this,
      { loadSerial: false, source: false, now: false, load: false, remind: false, loadReminderStates: false },
      { autoBind: true },
    )
  }

  // ---- commands (the page forwards to these) -------------------------------------------------

  /**
   * Opening, retry and pull-down refresh: both lists together; only a failure of our own rooms
   * fails the page, because WeChat live is optional. Resolves when the store holds the answer or
   * the failure, reminder states included; never rejects.
   */
  async load(): Promise<void> {
    const ticket = this.loadStarted()
    try {
      const [zegoRooms, wechat] = await Promise.all([this.source.zegoRooms(), this.source.wechatSection()])
      // The list requests signed in, so the user is known by now.
      const answer = { zegoRooms, wechat, nowSeconds: Math.floor(this.now() / 1000), userId: this.source.userId(), remindersEnabled: this.source.remindersEnabled() }
      this.loadSucceeded(ticket, answer)
    } catch (err) {
      this.loadFailed(ticket, failureMessage(err))
      return
    }
    await this.loadReminderStates()
  }

  /**
   * 开播提醒 on a room card: the shopper's subscription, then the server. The card shows 已预约
   * once the server recorded it; a refusal or a failure says so briefly and leaves the button as
   * it was. Runs from the tap handler: the prompt is asked for before the first await, as WeChat
   * requires. A tap on 已预约 or while asking does nothing.
   */
  async remind(roomId: string): Promise<void> {
    if (this.reminderOf(roomId) !== 'off') return
    const asked = this.source.requestReminder(roomId)
    this.reminderChanged(roomId, 'busy')
    const outcome = await asked
    if (outcome.kind === 'reminded') {
      this.reminderChanged(roomId, 'on')
      this.source.notify('开播时会提醒你')
      return
    }
    this.reminderChanged(roomId, 'off')
    this.source.notify(outcome.message)
  }

  /**
   * Whether the shopper already asked to be reminded, for each card that offers it (a merchant
   * runs a handful of rooms). Read after the list shows; a room whose answer fails stays 开播提醒,
   * which is harmless: asking again answers 200.
   */
  private async loadReminderStates(): Promise<void> {
    const roomIds = this.zegoCards.filter((card) => card.reminder !== '').map((card) => card.roomId)
    const answers = await Promise.all(roomIds.map((roomId) => this.source.reminded(roomId).then((reminded) => [roomId, reminded] as const, () => null)))
    const states: Record<string, 'off' | 'on'> = {}
    for (const answer of answers) if (answer !== null) states[answer[0]] = answer[1] ? 'on' : 'off'
    this.reminderStatesLoaded(states)
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
