App<IAppOption>({
  globalData: {},
  onLaunch() {
    // Share cards open live pages directly; nothing global is needed before the first page.
  },
})
