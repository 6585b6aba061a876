// Room list (tab page). Lists the merchant's ZEGO rooms and WeChat live rooms from the server.
Component({
  data: {},
  methods: {
    onLoad() {},
  },
})
