/**
 * The delivery address: WeChat's own address picker (wx.chooseAddress, declared in app.json's
 * requiredPrivateInfos), turned into the contract's AddressInput. A shopper who once refused the
 * permission is not asked again by WeChat: the picker fails at once with `auth deny`, and only the
 * settings page (wx.openSetting) can give it back.
 */
import type { AddressInput } from '../../contract/order-schemas'

export type AddressChoice =
  | { kind: 'chosen'; address: AddressInput }
  | { kind: 'cancelled' }
  | { kind: 'denied' }
  | { kind: 'failed'; message: string }

function addressFrom(res: WechatMiniprogram.ChooseAddressSuccessCallbackResult): AddressInput {
  const postal = /^[0-9]{1,10}$/.test(res.postalCode ?? '') ? res.postalCode : undefined
  return {
    name: res.userName,
    phone: res.telNumber,
    province: res.provinceName,
    city: res.cityName,
    district: res.countyName ?? '',
    detail: res.detailInfo,
    ...(postal ? { postalCode: postal } : {}),
  }
}

export function chooseAddress(): Promise<AddressChoice> {
  return new Promise((resolve) => {
    wx.chooseAddress({
      success: (res) => resolve({ kind: 'chosen', address: addressFrom(res) }),
      fail: (err) => {
        const errMsg = err.errMsg ?? ''
        if (/cancel/.test(errMsg)) resolve({ kind: 'cancelled' })
        else if (/auth|deny|denied|privacy/.test(errMsg)) resolve({ kind: 'denied' })
        else resolve({ kind: 'failed', message: `无法获取收货地址（${errMsg}）` })
      },
    })
  })
}

/** The settings page; resolves whether the address permission is on when the shopper returns. */
export function openAddressSetting(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.openSetting({
      success: (res) => resolve(res.authSetting['scope.address'] !== false),
      fail: () => resolve(false),
    })
  })
}
