// Goods shelf (tab page).
Component({
  data: {},
  methods: {
    onLoad() {},
  },
})
