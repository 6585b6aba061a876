/**
 * The poster's runtime side: the page's canvas 2d node, images drawn on it (the cover from the
 * network, the room code from the file the server's base64 was written to), the exported file,
 * and saving it to the album with the permission WeChat asks for (scope.writePhotosAlbum).
 */
export const POSTER_WIDTH = 600
export const POSTER_HEIGHT = 900

type Canvas = WechatMiniprogram.Canvas

export function posterCanvas(component: WechatMiniprogram.Component.TrivialInstance): Promise<Canvas> {
  return new Promise((resolve, reject) => {
    wx.createSelectorQuery()
      .in(component)
      .select('#poster')
      .fields({ node: true, size: true }, () => undefined)
      .exec((res: Array<{ node?: Canvas } | null>) => {
        const node = res[0]?.node
        if (node) resolve(node)
        else reject(new Error('海报画布没有准备好'))
      })
  })
}

function image(canvas: Canvas, src: string): Promise<WechatMiniprogram.Image> {
  return new Promise((resolve, reject) => {
    const img = canvas.createImage()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error(`图片加载失败：${src}`))
    img.src = src
  })
}

/** The code arrives as base64; canvas images load from a path, so it is written to a user file first. */
export function writeCodeFile(base64: string, scene: string): Promise<string> {
  const filePath = `${wx.env.USER_DATA_PATH}/room-code-${scene}.jpg`
  return new Promise((resolve, reject) =>
    wx.getFileSystemManager().writeFile({ filePath, data: base64, encoding: 'base64', success: () => resolve(filePath), fail: (e) => reject(new Error(e.errMsg)) }),
  )
}

export interface PosterContent {
  title: string
  cover: string
  codePath: string
}

/** Draws the poster; a cover that fails to load leaves its area plain rather than failing the poster. */
export async function drawPoster(canvas: Canvas, content: PosterContent): Promise<void> {
  canvas.width = POSTER_WIDTH
  canvas.height = POSTER_HEIGHT
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT)
  ctx.fillStyle = '#f2f3f5'
  ctx.fillRect(0, 0, POSTER_WIDTH, 560)
  if (content.cover) {
    const cover = await image(canvas, content.cover).catch(() => null)
    if (cover) ctx.drawImage(cover, 0, 0, POSTER_WIDTH, 560)
  }
  ctx.fillStyle = '#323233'
  ctx.font = 'bold 36px sans-serif'
  ctx.fillText(content.title.slice(0, 16), 32, 630)
  ctx.fillStyle = '#969799'
  ctx.font = '24px sans-serif'
  ctx.fillText('长按识别小程序码，进入直播间', 32, 690)
  ctx.drawImage(await image(canvas, content.codePath), 380, 700, 180, 180)
}

export function exportPoster(canvas: Canvas): Promise<string> {
  return new Promise((resolve, reject) =>
    wx.canvasToTempFilePath({ canvas, fileType: 'jpg', success: (r) => resolve(r.tempFilePath), fail: (e) => reject(new Error(e.errMsg)) } as WechatMiniprogram.CanvasToTempFilePathOption),
  )
}

export type SaveOutcome = 'saved' | 'denied' | 'cancelled' | 'failed'

/**
 * 'denied': the shopper refused 保存到相册 (now or before); WeChat will not ask again, only the
 * settings page can turn it on (openAlbumSetting).
 */
export function saveToAlbum(filePath: string): Promise<{ outcome: SaveOutcome; reason: string }> {
  return new Promise((resolve) =>
    wx.saveImageToPhotosAlbum({
      filePath,
      success: () => resolve({ outcome: 'saved', reason: '' }),
      fail: (e) => {
        const reason = e.errMsg
        resolve({ outcome: /auth den|authorize no response|auth deny/.test(reason) ? 'denied' : /cancel/.test(reason) ? 'cancelled' : 'failed', reason })
      },
    }),
  )
}

/** True when the shopper turned 保存到相册 on in the settings page. */
export function openAlbumSetting(): Promise<boolean> {
  return new Promise((resolve) => wx.openSetting({ success: (r) => resolve(r.authSetting['scope.writePhotosAlbum'] === true), fail: () => resolve(false) }))
}

/** Sends the poster image to a chat (base library 2.14.3+); false where the client cannot. */
export function sharePosterImage(path: string): boolean {
  if (!wx.canIUse('showShareImageMenu')) return false
  wx.showShareImageMenu({ path })
  return true
}
