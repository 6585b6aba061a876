// Entry to a WeChat official live room: this subpackage declares live-player-plugin.
Component({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {},
  methods: {
    onLoad() {},
  },
})
