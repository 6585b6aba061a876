/**
 * npm run preview: build with the size budgets, then ask WeChat for a preview QR code of a page.
 * Settings as for npm run upload (docs/release.md), plus:
 *   --page P         page the QR code opens, e.g. live/viewer/index (or MP_PREVIEW_PAGE)
 *   --query Q        its query, e.g. roomId=42 (or MP_PREVIEW_QUERY)
 *   --qrcode FILE    where the QR image goes (default dist/preview-qrcode.jpg); "terminal" prints it
 *   --dry-run, --robot N, --no-typecheck, --no-pack-npm as for upload
 */
import path from 'node:path'
import { runReleaseCli } from './lib/release/cli'

runReleaseCli('preview', path.resolve(__dirname, '..'), process.argv.slice(2), process.env).then(
  // miniprogram-ci leaves its compiler worker running; the release is done, so leave.
  (code) => process.exit(code),
  () => process.exit(1),
)
