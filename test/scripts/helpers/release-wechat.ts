/**
 * What the two real-miniprogram-ci suites share: the projects they send, the registered key, and
 * one release run in a child process (helpers/release-child.ts), as the npm scripts run it, against
 * a fake of WeChat's code-upload service that checks the signature and unpacks what arrives
 * (test/fakes/wechat-ci.ts). Two files, so jest's two workers run the releases side by side.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { CiFault, LedgerEntry } from '../../fakes/wechat-ci'
import { makeFixture, makeTinyProject } from '../../build/fixture'
import { runWorker } from '../../../scripts/lib/worker-process'
import { APPID, makePrivateKey } from './release-fixture'
import type { ReleaseChildReply, ReleaseChildRequest } from './release-child'

export const KEY = makePrivateKey()
const REGISTERED = crypto.createPublicKey(KEY).export({ type: 'spki', format: 'pem' }).toString()

/** The packed project the releases send (call in beforeAll). */
export const releaseProject = (): Promise<string> => makeFixture()

/**
 * A one-page project for the releases whose subject is the CLI's dealings with WeChat (preview's
 * page and QR code, a refused key or IP, no network), not what the whole project compiles to:
 * miniprogram-ci compiles it in seconds where the whole project takes a minute or more.
 */
export function releaseTinyProject(): string {
  const dir = makeTinyProject()
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'release-tiny', version: '1.0.0' }))
  return dir
}

export const env = (over: Record<string, string> = {}): Record<string, string> => ({
  MP_APPID: APPID,
  MP_PRIVATE_KEY: KEY,
  MP_ROBOT: '7',
  MP_VERSION: 'v2.3.4',
  MP_DESC: 'f00dcafe Live room share cards',
  ...over,
})

export async function release(
  projectDir: string,
  action: 'upload' | 'preview',
  argv: string[],
  options: { env?: Record<string, string>; faults?: Array<[string, CiFault]> } = {},
): Promise<ReleaseChildReply & { calls: (endpoint: string) => LedgerEntry[] }> {
  const request: ReleaseChildRequest = {
    action,
    projectDir,
    // The fixture is packed already and tsc is the typecheck script's job; the build still compiles and checks budgets.
    argv: ['--no-typecheck', '--no-pack-npm', ...argv],
    env: options.env ?? env(),
    appid: APPID,
    registeredPublicKey: REGISTERED,
    faults: options.faults ?? [],
  }
  const { reply, output } = await runWorker<ReleaseChildReply>(path.join(__dirname, 'release-child.ts'), request)
  if (!reply) throw new Error(`the release process ended without a reply:\n${output}`)
  const { ledger } = reply
  return { ...reply, calls: (endpoint) => ledger.filter((c) => c.endpoint === endpoint) }
}

export const kib = (line: string | undefined): number => Number(/([\d.]+) KiB$/.exec(line ?? '')?.[1] ?? NaN)

