/**
 * The WeChat client's sharing, poster and Channels APIs, added to the fake wx (test/fakes/wx.ts):
 * a canvas 2d node that records what is drawn, canvasToTempFilePath, saveImageToPhotosAlbum with
 * the album permission (wxPermissions['scope.writePhotosAlbum'] false: refused), the file system's writeFile, showShareImageMenu, the base library's
 * version and canIUse, and Channels live (getChannelsLiveInfo, getChannelsLiveNoticeInfo,
 * reserveChannelsLive, openChannelsLive) answering as reference §4 documents, faults included.
 */
import { asyncApi, markRecorded, wxLedger, wxOverrides, wxPermissions } from './wx'

type AnyFn = (...args: unknown[]) => unknown

/** Every drawing call on the fake canvas, in order: `fillText:<text>`, `drawImage:<src>`… */
export const canvasOps: string[] = []

class FakeImage {
  onload: (() => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  private source = ''
  get src(): string {
    return this.source
  }
  set src(value: string) {
    this.source = value
    setTimeout(() => (wxClient.brokenImages.has(value) ? this.onerror?.(new Error('load')) : this.onload?.()), 0)
  }
}

export const fakeCanvas = {
  width: 300,
  height: 150,
  createImage: () => new FakeImage(),
  getContext: () => ({
    set fillStyle(_v: string) {},
    set font(_v: string) {},
    fillRect: () => undefined,
    fillText: (text: string) => canvasOps.push(`fillText:${text}`),
    drawImage: (img: FakeImage) => canvasOps.push(`drawImage:${img.src}`),
  }),
}

/** What the client answers: base library version, APIs it has, album permission, Channels data. */
export const wxClient = {
  sdkVersion: '3.4.10',
  missingApis: new Set<string>(),
  brokenImages: new Set<string>(),
  /** Written files: path → base64 data. */
  files: new Map<string, string>(),
  /** getChannelsLiveInfo's answer, or a failure `{errCode, errMsg}`. */
  channelsLive: { status: 2, feedId: 'feed-1', nonceId: 'nonce-1', description: '春季上新', nickname: '好物视频号', headUrl: 'https://wx.qlogo.cn/head.jpg', replayStatus: 0, otherInfos: [] } as Record<string, unknown> | { errCode: number; errMsg: string },
  /** getChannelsLiveNoticeInfo's answer; null: no reservable notice (WeChat fails the call). */
  channelsNotice: null as Record<string, unknown> | null,
  reserveState: 6,
  reset(): void {
    this.sdkVersion = '3.4.10'
    this.missingApis.clear()
    delete wxPermissions['scope.writePhotosAlbum']
    this.brokenImages.clear()
    this.files.clear()
    this.channelsLive = { status: 2, feedId: 'feed-1', nonceId: 'nonce-1', description: '春季上新', nickname: '好物视频号', headUrl: 'https://wx.qlogo.cn/head.jpg', replayStatus: 0, otherInfos: [] }
    this.channelsNotice = null
    this.reserveState = 6
    canvasOps.length = 0
  },
}

/** WeChat fails Channels calls with an errCode beside errMsg; asyncApi's Error carries only the message. */
function channelsApi(api: string, answer: (o: Record<string, unknown>) => Record<string, unknown> | { errCode: number; errMsg: string }): AnyFn {
  return markRecorded((...args: unknown[]) => {
    const o = (args[0] ?? {}) as Record<string, unknown> & { success?: (r: unknown) => void; fail?: (e: unknown) => void }
    wxLedger.record(api, args)
    const result = answer(o)
    setTimeout(() => ('errCode' in result && typeof result.errCode === 'number' ? o.fail?.({ ...result }) : o.success?.({ ...result, errMsg: `${api}:ok` })), 0)
    return undefined
  })
}

Object.assign(wxOverrides, {
  canIUse: markRecorded((...args: unknown[]) => {
    wxLedger.record('canIUse', args)
    return !wxClient.missingApis.has(String(args[0]))
  }),
  getAppBaseInfo: markRecorded(() => ({ SDKVersion: wxClient.sdkVersion })),
  createSelectorQuery: markRecorded((...args: unknown[]) => {
    wxLedger.record('createSelectorQuery', args)
    let selector = ''
    const query = {
      in: () => query,
      select: (s: string) => {
        selector = s
        return query
      },
      fields: () => query,
      exec: (cb: (r: unknown[]) => void) => setTimeout(() => cb([selector === '#poster' ? { node: fakeCanvas, width: 300, height: 450 } : null]), 0),
    }
    return query
  }),
  getFileSystemManager: markRecorded(() => ({
    writeFile: asyncApi('FileSystemManager.writeFile', (o) => {
      wxClient.files.set(String(o.filePath), String(o.data))
      return {}
    }),
  })),
  canvasToTempFilePath: markRecorded(asyncApi('canvasToTempFilePath', (o) => (o.canvas === fakeCanvas ? { tempFilePath: 'wxfile://tmp/poster.jpg' } : new Error('canvas is empty')))),
  // Refused once, WeChat fails at once until the settings page (openSetting) turns it on.
  saveImageToPhotosAlbum: markRecorded(asyncApi('saveImageToPhotosAlbum', () => (wxPermissions['scope.writePhotosAlbum'] === false ? new Error('auth deny') : {}))),
  showShareImageMenu: markRecorded(asyncApi('showShareImageMenu', () => ({}))),
  getChannelsLiveInfo: channelsApi('getChannelsLiveInfo', (o) => (typeof o.finderUserName === 'string' && o.finderUserName.startsWith('sph') ? wxClient.channelsLive : { errCode: 1416100, errMsg: 'getChannelsLiveInfo:fail illegal finderUserName' })),
  getChannelsLiveNoticeInfo: channelsApi('getChannelsLiveNoticeInfo', () => wxClient.channelsNotice ?? { errCode: 1416104, errMsg: 'getChannelsLiveNoticeInfo:fail no notice' }),
  reserveChannelsLive: channelsApi('reserveChannelsLive', (o) => (o.noticeId ? { state: wxClient.reserveState } : { errCode: 40097, errMsg: 'reserveChannelsLive:fail invalid args' })),
  openChannelsLive: channelsApi('openChannelsLive', () => {
    const live = wxClient.channelsLive
    return 'errCode' in live && typeof live.errCode === 'number' ? live : {}
  }),
})
