/**
 * Where our room codes lead (wxacode.getUnlimited, page share/entry/index): decodes the scene,
 * asks the server which room and sharer it names, records the scan for the sharer and replaces
 * itself with the room (ours, or a WeChat live room entered with type=9).
 */
import { ApiError } from '../../services/api'
import { reportShareOpen } from '../../services/share'
import { goHome } from '../../services/wx-live'
import { wechatRoomEntryPath } from '../../core/wechat-room-entry'
import { viewerPath } from '../../core/page-routes'
import { SHARE_TOKEN_QUERY } from '../../contract/share-rules'
import { parseScene } from '../core/scene'
import { fetchSceneTarget, redirectTo } from '../services/share-api'

Component({
  data: {
    state: 'loading' as 'loading' | 'error' | 'invalid',
    message: '正在打开直播间…',
    scene: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const scene = parseScene(query.scene)
      if (scene === null) {
        this.setData({ state: 'invalid', message: '这个小程序码无法识别，请重新扫码' })
        return
      }
      this.setData({ scene })
      void this.open()
    },
    async open(): Promise<void> {
      this.setData({ state: 'loading', message: '正在打开直播间…' })
      try {
        const target = await fetchSceneTarget(this.data.scene)
        await reportShareOpen({ [SHARE_TOKEN_QUERY]: target.shareToken }, 'code')
        const url =
          target.kind === 'room' ? viewerPath(target.roomId ?? '') : wechatRoomEntryPath({ roomId: target.wechatRoomId ?? 0, entry: 'code' })
        await redirectTo(url)
      } catch (err) {
        const gone = err instanceof ApiError && err.status === 404
        this.setData({ state: gone ? 'invalid' : 'error', message: gone ? '这个小程序码已失效' : `打开失败（${err instanceof Error ? err.message : String(err)}），请重试` })
      }
    },
    onRetry(): void {
      void this.open()
    },
    goHome(): void {
      goHome()
    },
  },
})
