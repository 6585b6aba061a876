/**
 * One `npm run upload|preview` in a process of its own, against the fake WeChat CI service:
 * miniprogram-ci keeps its compiler process alive after a release (scripts/upload.ts exits for
 * that reason), which would keep a test runner from finishing. Reports over IPC, then exits.
 */
import './install-fake-wechat-ci'
import crypto from 'node:crypto'
import * as ci from 'miniprogram-ci'
import { runReleaseCli } from '../../../scripts/lib/release/cli'
import { FakeWechatCi, useFakeWechatCi, type CiFault, type LedgerEntry } from '../../fakes/wechat-ci'

export interface ReleaseChildRequest {
  action: 'upload' | 'preview'
  projectDir: string
  argv: string[]
  env: Record<string, string>
  /** The appid and public key registered with WeChat. */
  appid: string
  registeredPublicKey: string
  faults: Array<[string, CiFault]>
}

export interface ReleaseChildReply {
  code: number
  out: string[]
  err: string[]
  ledger: LedgerEntry[]
}

async function main(request: ReleaseChildRequest): Promise<ReleaseChildReply> {
  const wechat = new FakeWechatCi(request.appid, crypto.createPublicKey(request.registeredPublicKey), { ...ci.DefaultProjectAttr })
  for (const [endpoint, fault] of request.faults) wechat.injectFault(endpoint, fault)
  useFakeWechatCi(wechat)
  const out: string[] = []
  const err: string[] = []
  const code = await runReleaseCli(request.action, request.projectDir, request.argv, request.env, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  })
  return { code, out, err, ledger: wechat.ledger() }
}

if (require.main === module && process.send) {
  main(JSON.parse(process.argv[2] ?? '{}') as ReleaseChildRequest).then(
    (reply) => process.send?.(reply, () => process.exit(0)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
