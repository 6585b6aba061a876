/**
 * What every main-package page test starts from: a signed-out client whose API retries run at
 * once, an empty wx ledger without injected faults, and a fresh fake merchant server.
 */
import { apiRetry } from '../../miniprogram/services/api'
import { forgetShareTokens } from '../../miniprogram/services/share'
import { FakeServer } from '../fakes/server-api'
import { wxFaults, wxLedger } from '../fakes/wx'

export function freshPageFakes(): FakeServer {
  apiRetry.delaysMs = [0, 0]
  getApp<IAppOption>().globalData.sessionToken = undefined
  wxLedger.clear()
  wxFaults.clear()
  forgetShareTokens()
  return new FakeServer().install()
}

/** Unix seconds of a China-time wall clock (tests run in Asia/Shanghai), e.g. at('2025-03-05T20:00:00'). */
export const at = (local: string): number => Date.parse(`${local}+08:00`) / 1000
