// The setData benchmark runs the viewer room the way its tests do (jsdom, miniprogram-simulate,
// the fake wx and engine), so it is a jest run of its own: bench/setdata/run.ts starts it.
const base = require('../../jest.config')
const miniprogram = base.projects.find((p) => p.displayName === 'miniprogram')

module.exports = {
  rootDir: '../..',
  globalSetup: base.globalSetup,
  testTimeout: 600_000,
  ...miniprogram,
  displayName: 'bench-setdata',
  testMatch: ['<rootDir>/bench/setdata/storm.bench.ts'],
}
