/**
 * wx.openBusinessView (base library ≥ 2.6.0) is missing from miniprogram-api-typings; the shop
 * opens WeChat's receipt confirmation (businessType 'weappOrderConfirm') through it.
 */
declare namespace WechatMiniprogram {
  interface OpenBusinessViewOption {
    businessType: string
    extraData?: Record<string, string>
    success?: (res: GeneralCallbackResult) => void
    fail?: (err: GeneralCallbackResult) => void
    complete?: (res: GeneralCallbackResult) => void
  }
  interface Wx {
    openBusinessView(option: OpenBusinessViewOption): void
  }
}
