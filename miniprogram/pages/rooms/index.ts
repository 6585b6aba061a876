/**
 * Room list (tab page): our ZEGO rooms and WeChat's official live rooms, live first. Data comes
 * from the merchant server through the room-list store; taps go through the navigation service.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { roomListStore } from '../../stores/room-list'
import { openAnchorConsole, openWechatLiveRoom, openZegoReplay, openZegoRoom } from '../../services/navigation'
import { stopPullDownRefresh } from '../../services/wx-live'
import { parseWechatLiveRoomId } from '../../core/wechat-live-url'
import type { RoomCardSource } from '../../core/room-cards'
import type { WechatRoomPreview } from '../../core/wechat-room-entry'

/** What the list knows of a WeChat room, so that its room page can show an upcoming room at once. */
function wechatRoomPreview(roomId: number): WechatRoomPreview {
  const section = roomListStore.wechat
  const room = section.kind === 'rooms' ? section.rooms.find((r) => r.roomId === roomId) : undefined
  if (!room) return { roomId }
  return { roomId, name: room.name, cover: room.coverImg, startTime: room.startTime, endTime: room.endTime }
}

interface RoomTapDataset {
  source?: RoomCardSource
  roomId?: string
  hosting?: boolean
  replay?: boolean
}

ComponentWithStore({
  data: {},
  storeBindings: {
    store: roomListStore,
    fields: {
      view: 'view',
      refreshing: 'refreshing',
      errorMessage: 'errorMessage',
      zegoCards: 'zegoCards',
      wechatCards: 'wechatCards',
      showWechatSection: 'showWechatSection',
      wechatNotice: 'wechatNotice',
    },
    actions: {},
  },
  methods: {
    onLoad(): void {
      void roomListStore.load()
    },
    async onPullDownRefresh(): Promise<void> {
      await roomListStore.load()
      stopPullDownRefresh()
    },
    onRetry(): void {
      void roomListStore.load()
    },
    onRoomTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, RoomTapDataset>): void {
      const { source, roomId, hosting, replay } = e.currentTarget.dataset
      if (!roomId) return
      if (source === 'zego' && replay) return void openZegoReplay(roomId).catch(() => undefined)
      // A failed navigation (page stack full) leaves the list as it is; the shopper can tap again.
      if (source === 'zego') void (hosting ? openAnchorConsole(roomId) : openZegoRoom(roomId)).catch(() => undefined)
      else if (source === 'wechat') {
        const id = parseWechatLiveRoomId(roomId)
        if (id !== null) void openWechatLiveRoom(wechatRoomPreview(id)).catch(() => undefined)
      }
    },
    /** 开播提醒 (catch:tap, so the card under it does not open the room). */
    onRemindTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, RoomTapDataset>): void {
      const { roomId } = e.currentTarget.dataset
      if (roomId) void roomListStore.remind(roomId)
    },
  },
})
