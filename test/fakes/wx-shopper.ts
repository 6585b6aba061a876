/**
 * The shopper's side of the fake WeChat client (test/fakes/wx.ts): what the one-time subscription
 * prompt, the address picker, the payment sheet, WeChat's receipt view, the dialogs and the
 * settings page answer. Installed into wxOverrides on import (test/setup/globals.ts).
 */
import { asyncApi, markRecorded, wxOverrides, wxPermissions } from './wx'

// ---- one-time subscription messages ---------------------------------------------------------------

export type SubscribeChoice = 'accept' | 'reject' | 'ban' | 'filter'

/** What wx.requestSubscribeMessage answers for every template asked (fail it through wxFaults). */
export const wxSubscribe: { choice: SubscribeChoice } = { choice: 'accept' }

Object.assign(wxOverrides, {
  requestSubscribeMessage: markRecorded(
    asyncApi('requestSubscribeMessage', (o) => {
      const answer: Record<string, string> = {}
      for (const id of (o.tmplIds as string[] | undefined) ?? []) answer[id] = wxSubscribe.choice
      return answer
    }),
  ),
})

// ---- buying: address, payment, WeChat's receipt view, dialogs, settings -----------------------------

/** What wx.chooseAddress answers, as WeChat's picker does (fields of ChooseAddressSuccessCallbackResult). */
export const sampleWxAddress = {
  userName: '张三',
  telNumber: '13800138000',
  provinceName: '广东省',
  cityName: '广州市',
  countyName: '天河区',
  detailInfo: '体育西路 1 号',
  postalCode: '510000',
  nationalCode: '440106',
}

/**
 * The shopper's answers to the buying dialogs. `address`: 'chosen' (sampleWxAddress), 'cancel'
 * (closed the picker: `chooseAddress:fail cancel`) or 'deny' (refused the permission once, so
 * WeChat fails at once with `chooseAddress:fail auth deny` until openSetting turns it on).
 * `payment`: 'ok', 'cancel' (`requestPayment:fail cancel`, which WeChat also reports for some
 * failures) or any other reason, answered as `requestPayment:fail <reason>`.
 * `modal`: whether showModal is confirmed. `settingGrants`: openSetting turns the address on.
 */
export const wxShopper = {
  address: 'chosen' as 'chosen' | 'cancel' | 'deny',
  payment: 'ok' as string,
  modal: true,
  settingGrants: true,
  reset(): void {
    this.address = 'chosen'
    this.payment = 'ok'
    this.modal = true
    this.settingGrants = true
  },
}

Object.assign(wxOverrides, {
  chooseAddress: markRecorded(
    asyncApi('chooseAddress', () => {
      if (wxShopper.address === 'cancel') return new Error('cancel')
      if (wxShopper.address === 'deny') return new Error('auth deny')
      return { ...sampleWxAddress }
    }),
  ),
  requestPayment: markRecorded(
    asyncApi('requestPayment', (o) => {
      for (const key of ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign']) {
        if (typeof o[key] !== 'string' || o[key] === '') return new Error(`parameter error: ${key} is required`)
      }
      return wxShopper.payment === 'ok' ? {} : new Error(wxShopper.payment)
    }),
  ),
  openBusinessView: markRecorded(
    asyncApi('openBusinessView', (o) => {
      const extra = (o.extraData ?? {}) as Record<string, unknown>
      if (o.businessType !== 'weappOrderConfirm') return new Error('invalid businessType')
      if (typeof extra.transaction_id !== 'string' && typeof extra.merchant_trade_no !== 'string') return new Error('invalid extraData')
      return {}
    }),
  ),
  showModal: markRecorded(asyncApi('showModal', () => ({ confirm: wxShopper.modal, cancel: !wxShopper.modal }))),
  openSetting: markRecorded(
    asyncApi('openSetting', () => {
      if (wxShopper.settingGrants && wxShopper.address === 'deny') wxShopper.address = 'chosen'
      return { authSetting: { ...wxPermissions, 'scope.address': wxShopper.address !== 'deny' } }
    }),
  ),
})
