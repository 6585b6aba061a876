/**
 * The one place the payment provider is chosen. Without WeChat Pay configuration the server runs
 * the local pay simulator (and registers its dev route); the WeChat Pay APIv3 client joins here.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config'
import type { PaymentGateway } from './payment-gateway'
import { SimulatorGateway } from './simulator-gateway'
import { wechatPayGatewayFor } from './wechatpay-gateway'

export interface PaymentGatewayDeps {
  nowMs: () => number
  log: FastifyBaseLogger
}

export function createPaymentGateway(config: Config, deps: PaymentGatewayDeps): PaymentGateway {
  return wechatPayGatewayFor(config, deps) ?? new SimulatorGateway(deps.nowMs)
}
