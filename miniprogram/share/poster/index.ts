/**
 * A room's poster (share subpackage): cover, title and our room code, drawn on a canvas 2d, which
 * an anchor or a shopper saves to the album or sends on. The code credits whoever made it.
 */
import { fetchRoom } from '../../services/api'
import { viewerPath } from '../../core/page-routes'
import { shareCard, shareTokenFor } from '../../services/share'
import { createRoomCode } from '../services/share-api'
import { drawPoster, exportPoster, openAlbumSetting, posterCanvas, saveToAlbum, sharePosterImage, writeCodeFile } from '../services/poster-canvas'

type PosterState = 'loading' | 'ready' | 'error'

/** The exported poster file of each page, made once per drawing. */
const exported = new WeakMap<object, string>()

Component({
  data: {
    roomId: '',
    title: '',
    cover: '',
    state: 'loading' as PosterState,
    message: '',
    /** The album permission was refused: only the settings page can grant it now. */
    albumDenied: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const roomId = query.roomId ? decodeURIComponent(query.roomId) : ''
      if (!roomId) {
        this.setData({ state: 'error', message: '没有指定直播间' })
        return
      }
      this.setData({ roomId })
      void shareTokenFor({ roomId })
      void this.make()
    },
    async make(): Promise<void> {
      this.setData({ state: 'loading', message: '正在生成海报…' })
      exported.delete(this)
      try {
        const [{ room }, code] = await Promise.all([fetchRoom(this.data.roomId), createRoomCode({ roomId: this.data.roomId })])
        this.setData({ title: room.title, cover: room.cover })
        const codePath = await writeCodeFile(code.imageBase64, code.scene)
        const canvas = await posterCanvas(this)
        await drawPoster(canvas, { title: room.title, cover: room.cover, codePath })
        exported.set(this, await exportPoster(canvas))
        this.setData({ state: 'ready', message: '' })
      } catch (err) {
        this.setData({ state: 'error', message: `海报生成失败（${err instanceof Error ? err.message : String(err)}），请重试` })
      }
    },
    async onSave(): Promise<void> {
      const file = exported.get(this)
      if (!file) return
      const { outcome, reason } = await saveToAlbum(file)
      if (outcome === 'saved') wx.showToast({ title: '已保存到相册', icon: 'success' })
      else if (outcome === 'denied') this.setData({ albumDenied: true, message: '保存海报需要允许「保存到相册」：点下方「去设置」打开后再保存' })
      else if (outcome === 'failed') this.setData({ message: `保存失败（${reason}），请重试` })
    },
    async onOpenSetting(): Promise<void> {
      const granted = await openAlbumSetting()
      this.setData({ albumDenied: !granted, message: granted ? '已允许保存到相册，请再点一次保存' : '仍未允许保存到相册' })
    },
    onShareImage(): void {
      const file = exported.get(this)
      if (file && !sharePosterImage(file)) this.setData({ message: '当前微信版本不能直接发送图片，请保存后在聊天中发送' })
    },
    onRetry(): void {
      void this.make()
    },
    onShareAppMessage(): WechatMiniprogram.Page.IAsyncCustomShareContent {
      const roomId = this.data.roomId
      return shareCard({ title: this.data.title || '正在直播，快来看看', path: viewerPath(roomId), imageUrl: this.data.cover || undefined }, { roomId })
    },
  },
})
