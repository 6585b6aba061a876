/**
 * The WeChat client for the order pages: a confirm dialog, and WeChat's own receipt confirmation
 * (wx.openBusinessView 'weappOrderConfirm') for trade-managed accounts. That view's outcome comes
 * back through App.onShow, not here, so the server re-checks with WeChat when we confirm receipt.
 */
export function askConfirm(title: string, content: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, success: (res) => resolve(res.confirm), fail: () => resolve(false) })
  })
}

/** Resolves '' once WeChat opened its view, or why it could not. */
export function openWechatReceipt(transactionId: string): Promise<string> {
  return new Promise((resolve) => {
    wx.openBusinessView({
      businessType: 'weappOrderConfirm',
      extraData: { transaction_id: transactionId },
      success: () => resolve(''),
      fail: (err) => resolve(`无法打开微信确认收货（${err.errMsg}）`),
    })
  })
}
