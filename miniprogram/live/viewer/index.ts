// Viewer room (live subpackage): entered from the room list or from a share card.
Component({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {},
  methods: {
    onLoad() {},
  },
})
