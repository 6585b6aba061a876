import { watchLazyLoadErrors } from './services/lazy-load-errors'

/** Group share cards: 1008 (group chat card) and 1044 (a card shared withShareTicket). */
const GROUP_CARD_SCENES = [1008, 1044]

App<IAppOption>({
  globalData: {},
  onLaunch() {
    watchLazyLoadErrors()
  },
  onShow(options) {
    // Share cards open pages directly; the pages need only to know how the app was entered.
    const scene = Number(options.scene)
    this.globalData.entryScene = scene
    this.globalData.shareTicket = GROUP_CARD_SCENES.indexOf(scene) >= 0 && options.shareTicket ? options.shareTicket : undefined
  },
})
