// Replay of an ended room (live subpackage).
Component({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {},
  methods: {
    onLoad() {},
  },
})
