/**
 * npm run pack-npm: packs both npm relations (Vant and MobX into miniprogram/, the ZEGO SDK into
 * miniprogram/live/), as DevTools' 工具 → 构建 npm does. The build does this itself; the tests do
 * it first because pages load their npm components from miniprogram_npm, as on the phone.
 */
import path from 'node:path'
import { BuildError } from './lib/build-error'
import { packProjectNpm } from './lib/pack-npm'

packProjectNpm(path.resolve(__dirname, '..')).then(
  (count) => {
    console.log(`pack-npm: packed ${count} npm relation(s)`)
    // miniprogram-ci keeps services running after packing; the work is done.
    process.exit(0)
  },
  (err: unknown) => {
    console.error(err instanceof BuildError ? `pack-npm: ${err.message}` : err)
    process.exit(1)
  },
)
