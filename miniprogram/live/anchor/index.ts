// Anchor console (live subpackage): preview, go live, end live.
Component({
  data: {},
  methods: {
    onLoad() {},
  },
})
