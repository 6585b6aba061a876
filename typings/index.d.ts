/// <reference path="./live-player-plugin.d.ts" />
/// <reference path="./zego-components.d.ts" />
/// <reference path="./wx-business-view.d.ts" />

interface IAppOption {
  globalData: {
    /** Session token issued by the merchant server after wx.login. */
    sessionToken?: string
    /** Whom that session is for (the sign-in answer's user). */
    sessionUser?: { id: string; role: 'shopper' | 'anchor' | 'admin' }
  }
}
