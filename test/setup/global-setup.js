// Runs once before every jest project.
const { execFileSync } = require('node:child_process')
const path = require('node:path')

module.exports = async () => {
  // Countdowns, schedules and replay dates are rendered in China time; pin it so tests agree everywhere.
  process.env.TZ = 'Asia/Shanghai'
  // Pages load Vant from miniprogram_npm, as on the phone, so the npm relations are packed first
  // (a fresh clone has none). It also keeps every page and component in one WXML compile: two
  // compiles in one test file share WeChat's template cache and render each other's templates.
  const repoRoot = path.resolve(__dirname, '../..')
  // miniprogram/config-local.ts (ignored by git) must exist before any page is loaded.
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/local-config.ts')], { cwd: repoRoot, stdio: 'inherit' })
  // Packed only when the package files changed, and swapped in atomically, so a second jest run in
  // the same checkout never finds miniprogram_npm deleted under it.
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/pack-npm.ts'), '--if-stale'], { cwd: repoRoot, stdio: 'inherit' })
}
