/**
 * npm run upload: build (type-check, npm, offline compile, size budgets), then upload the package
 * as the robot's 开发版 with miniprogram-ci. Settings come from env (MP_APPID, MP_PRIVATE_KEY or
 * MP_PRIVATE_KEY_PATH, MP_ROBOT, MP_VERSION, MP_DESC); see docs/release.md.
 *   --dry-run        everything but the network call; prints what would be sent (no key needed)
 *   --robot N        overrides MP_ROBOT (1–30)
 *   --no-typecheck   skip tsc (CI has just run it)
 *   --no-pack-npm    reuse the miniprogram_npm folders already packed
 */
import path from 'node:path'
import { runReleaseCli } from './lib/release/cli'

runReleaseCli('upload', path.resolve(__dirname, '..'), process.argv.slice(2), process.env).then(
  // miniprogram-ci leaves its compiler worker running; the release is done, so leave.
  (code) => process.exit(code),
  () => process.exit(1),
)
