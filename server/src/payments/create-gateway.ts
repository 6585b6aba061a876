/**
 * The one place the payment provider is chosen. Without WeChat Pay configuration the server runs
 * the local pay simulator (and registers its dev route); the WeChat Pay APIv3 client joins here.
 */
import type { Config } from '../config'
import type { PaymentGateway } from './payment-gateway'
import { SimulatorGateway } from './simulator-gateway'

export interface PaymentGatewayDeps {
  nowMs: () => number
}

export function createPaymentGateway(_config: Config, deps: PaymentGatewayDeps): PaymentGateway {
  return new SimulatorGateway(deps.nowMs)
}
