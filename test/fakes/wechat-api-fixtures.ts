/**
 * What the fake WeChat server API (wechat-api.ts) holds and hands out, in WeChat's own field
 * names: live rooms with their goods, replays, the app's credentials, and the code images of
 * getwxacodeunlimit (bytes a test can read back).
 */

export interface FakeLiveGoods {
  goods_id: number
  cover_img: string
  url: string
  name: string
  price: number
  price2: number
  price_type: number
}

export interface FakeLiveRoom {
  name: string
  roomid: number
  cover_img: string
  share_img: string
  live_status: number
  start_time: number
  end_time: number
  anchor_name: string
  goods: FakeLiveGoods[]
  total: number
}

export interface FakeReplay {
  expire_time: string
  create_time: string
  media_url: string
}

export const FAKE_APPID = 'wx0123456789abcdef'
export const FAKE_APPSECRET = 'fake-app-secret-0123456789abcdef'

export function fakeLiveRoom(roomid: number, overrides: Partial<FakeLiveRoom> = {}): FakeLiveRoom {
  return {
    name: `直播间 ${roomid}`,
    roomid,
    cover_img: `https://mmbiz.qpic.cn/cover-${roomid}.jpg`,
    share_img: `https://mmbiz.qpic.cn/share-${roomid}.jpg`,
    live_status: 101,
    start_time: 1_700_000_000,
    end_time: 1_700_007_200,
    anchor_name: '主播',
    goods: [{ goods_id: 7, cover_img: 'https://mmbiz.qpic.cn/g7.jpg', url: 'pages/goods/index?id=7', name: '咖啡豆', price: 19.99, price2: 0, price_type: 1 }],
    total: 1,
    ...overrides,
  }
}

/** The fake's code image: JPEG markers around `scene|page`, so a test can read back what a code opens. */
export function fakeCodeImage(scene: string, page: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`${scene}|${page}`, 'utf8'), Buffer.from([0xff, 0xd9])])
}

/** What a fake code image opens, or null for other bytes. */
export function readFakeCodeImage(bytes: Buffer): { scene: string; page: string } | null {
  if (bytes.length < 6 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null
  const [scene, page] = bytes.subarray(4, bytes.length - 2).toString('utf8').split('|')
  return scene === undefined || page === undefined ? null : { scene, page }
}

/** A JSON body as WeChat's API takes and answers it. */
export type WechatJson = Record<string, unknown>

/** WeChat's answer to a body it cannot take: malformed JSON, an unknown field, a wrong type. */
export const wechatFormatError = (): WechatJson => ({ errcode: 47001, errmsg: 'data format error' })
