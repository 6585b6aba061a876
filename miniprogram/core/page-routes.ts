/**
 * Every page's route and the paths into the pages others open, spelled once: navigation, share
 * cards, the share entry's redirect and the page-stack checks all build them here. Routes are as
 * getCurrentPages() reports them (no leading slash); paths are what wx.navigateTo and share cards
 * take. Pure, so the main package and every subpackage can use it.
 */
export const PageRoute = {
  rooms: 'pages/rooms/index',
  goodsDetail: 'pages/goods-detail/index',
  viewer: 'live/viewer/index',
  anchor: 'live/anchor/index',
  replay: 'live/replay/index',
  wechatRoom: 'wxlive/room/index',
  shareEntry: 'share/entry/index',
  poster: 'share/poster/index',
  orderResult: 'shop/result/index',
  orders: 'shop/orders/index',
  orderDetail: 'shop/order-detail/index',
  refund: 'shop/refund/index',
} as const

export type PageRouteName = keyof typeof PageRoute

/** `/route?k=v&…`, query values encoded, in the order given; undefined and '' values are left out. */
export function pagePath(route: PageRouteName, params: Record<string, string | undefined> = {}): string {
  const parts = Object.entries(params)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
  return `/${PageRoute[route]}${parts.length > 0 ? `?${parts.join('&')}` : ''}`
}

/** Our own live room, as a viewer; share cards open it too. */
export const viewerPath = (roomId: string): string => pagePath('viewer', { roomId })

export const anchorPath = (roomId: string): string => pagePath('anchor', { roomId })

/** The replay of an ended room of ours (WeChat's rooms play theirs in the plugin). */
export const replayPath = (roomId: string): string => pagePath('replay', { roomId })

export const posterPath = (roomId: string): string => pagePath('poster', { roomId })

/**
 * The goods page's path. `room_id` is the key WeChat's live plugin appends when a shopper leaves a
 * room for a product, so our own rooms and shared cards use the same key.
 */
export const goodsDetailPath = (goodsId: string, roomId?: string): string => pagePath('goodsDetail', { goodsId, room_id: roomId })
