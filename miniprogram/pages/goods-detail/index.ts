// Goods detail. Opened from the shelf, from a live room (room_id in the query) or from a share card.
Component({
  properties: {
    goodsId: { type: String, value: '' },
    room_id: { type: String, value: '' },
  },
  data: {
    fromLiveRoom: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ fromLiveRoom: Boolean(query.room_id) })
    },
    backToLiveRoom(): void {
      // navigateBack keeps the live room (and WeChat's mini-window) alive; switchTab/reLaunch would not.
      wx.navigateBack({ delta: 1 })
    },
  },
})
