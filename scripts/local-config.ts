/**
 * Creates miniprogram/config-local.ts (ignored by git) if it is missing, or rewrites it from the
 * MP_SERVER_URL / MP_ZEGO_APP_ID / MP_ZEGO_SERVER / MP_ZEGO_LOG_URL environment variables.
 * Runs on postinstall, before type-checking and in the tests' global setup.
 */
import path from 'node:path'
import { ensureLocalConfig } from './lib/local-config'

try {
  ensureLocalConfig(path.resolve(__dirname, '..'), process.env)
} catch (err) {
  console.error(`local-config: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
