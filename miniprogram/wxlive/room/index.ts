/**
 * Bridge to a WeChat official live room. live-player-plugin is declared only for this subpackage,
 * so the room list opens this page, which opens the plugin's room page. When that fails (no
 * valid room ID, the page stack is full, the plugin is unavailable) the page says why and offers
 * the way on; when the shopper comes back from the room, it offers to enter again.
 */
import { parseWechatLiveRoomId, wechatLiveRoomUrl } from '../../core/wechat-live-url'
import { navigateTo } from '../../services/navigation'
import { goHome } from '../../services/wx-live'

type BridgeState = 'opening' | 'opened' | 'failed' | 'invalid'

Component({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {
    state: 'opening' as BridgeState,
    message: '正在打开微信直播间…',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const roomId = parseWechatLiveRoomId(query.roomId)
      if (roomId === null) {
        const message = query.roomId ? `微信直播间编号无效（${query.roomId}）` : '没有指定微信直播间'
        this.setData({ state: 'invalid', message })
        return
      }
      void this.enter(roomId)
    },
    onRetry(): void {
      const roomId = parseWechatLiveRoomId(this.data.roomId)
      if (roomId !== null) void this.enter(roomId)
    },
    goHome(): void {
      goHome()
    },
    async enter(roomId: number): Promise<void> {
      this.setData({ state: 'opening', message: `正在打开微信直播间 ${roomId}…` })
      try {
        await navigateTo(wechatLiveRoomUrl(roomId))
        this.setData({ state: 'opened', message: '已离开微信直播间' })
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err)
        this.setData({ state: 'failed', message: `打开微信直播间失败（${reason}）` })
      }
    },
  },
})
