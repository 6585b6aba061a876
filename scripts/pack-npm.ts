/**
 * npm run pack-npm: packs both npm relations (Vant and MobX into miniprogram/, the ZEGO SDK into
 * miniprogram/live/), as DevTools' 工具 → 构建 npm does. The build does this itself; the tests do
 * it first because pages load their npm components from miniprogram_npm, as on the phone.
 */
import path from 'node:path'
import { BuildError } from './lib/build-error'
import { packProjectNpm, packProjectNpmIfStale } from './lib/pack-npm'

// --if-stale (the tests' global setup): keep npm packed from the same package files as it is.
const projectDir = path.resolve(__dirname, '..')
const run = process.argv.includes('--if-stale') ? packProjectNpmIfStale(projectDir).then((packed) => (packed ? 'packed' : 'already packed')) : packProjectNpm(projectDir).then((count) => `packed ${count} npm relation(s)`)
run.then(
  (outcome) => {
    console.log(`pack-npm: ${outcome}`)
    // miniprogram-ci keeps services running after packing; the work is done.
    process.exit(0)
  },
  (err: unknown) => {
    console.error(err instanceof BuildError ? `pack-npm: ${err.message}` : err)
    process.exit(1)
  },
)
