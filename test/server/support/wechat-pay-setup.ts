/**
 * A WechatPayGateway on the loopback WeChat Pay fake, built from the environment as the server
 * builds it, with a fake clock and captured logs.
 */
import Fastify, { type FastifyBaseLogger } from 'fastify'
import { loadConfig, type Env } from '../../../server/src/config'
import { wechatPayGatewayFor, type WechatPayGateway } from '../../../server/src/payments/wechatpay-gateway'
import { FakeWechatPay } from '../../fakes/wechat-pay'
import { wechatPayEnv, type WechatPayTestKeys } from '../../fakes/wechat-pay-keys'

export const BASE_ENV: Env = { ZEGO_APP_ID: '123', ZEGO_SERVER_SECRET: 'a'.repeat(32), SESSION_SECRET: 's'.repeat(32), WECHAT_APPSECRET: 'app-secret' }

export interface PayRig {
  fake: FakeWechatPay
  gateway: WechatPayGateway
  logs: string[]
  log: FastifyBaseLogger
  clock: { nowMs: number; advanceSeconds(seconds: number): void }
  /** Another gateway on the same fake, e.g. with both verification keys or a different merchant key. */
  gatewayWith(overrides: Env, options?: { both?: boolean }): WechatPayGateway
}

export async function startPayRig(keys: WechatPayTestKeys, options: { both?: boolean; env?: Env } = {}): Promise<PayRig> {
  const clock = {
    nowMs: Date.UTC(2026, 11, 2, 4, 0, 0),
    advanceSeconds(seconds: number) {
      clock.nowMs += seconds * 1000
    },
  }
  const fake = new FakeWechatPay(keys, () => clock.nowMs)
  await fake.start()
  const logs: string[] = []
  const log: FastifyBaseLogger = Fastify({ logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } } }).log
  const gatewayWith = (overrides: Env, opts: { both?: boolean } = {}): WechatPayGateway => {
    const config = loadConfig({ ...BASE_ENV, ...wechatPayEnv(keys, fake.baseUrl, opts), ...overrides })
    const gateway = wechatPayGatewayFor(config, { nowMs: () => clock.nowMs, log })
    if (gateway === null) throw new Error('WeChat Pay is not configured by the test environment')
    return gateway
  }
  return { fake, gateway: gatewayWith(options.env ?? {}, options), logs, log, clock, gatewayWith }
}
