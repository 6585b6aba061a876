/// <reference path="./live-player-plugin.d.ts" />
/// <reference path="./zego-components.d.ts" />
/// <reference path="./wx-business-view.d.ts" />

interface IAppOption {
  globalData: {
    /** Session token issued by the merchant server after wx.login. */
    sessionToken?: string
    /** Whom that session is for (the sign-in answer's user). */
    sessionUser?: { id: string; role: 'shopper' | 'anchor' | 'admin' }
    /** The scene the app was last shown in (App.onShow), e.g. 1044 for a group card with a shareTicket. */
    entryScene?: number
    /** WeChat's shareTicket when the app was shown from a group share card. */
    shareTicket?: string
  }
}
