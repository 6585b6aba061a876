/**
 * The one place that loads the ZEGO SDK at runtime. The SDK's npm is packed into this subpackage
 * only (live/miniprogram_npm); the rest of the zego service imports it as types and receives the
 * constructor from here when a live page loads, so tests can inject the fake engine instead. The
 * require runs on first engine creation, not at import, so those tests never load the real SDK.
 */
import type { ZegoEngine, ZegoEngineConstructor } from './index'
import { hasZegoEngineConstructor, provideZegoEngineConstructor } from './index'

type SdkModule = typeof import('zego-express-engine-miniprogram')

class LazyZegoEngine {
  constructor(appID: number, server: string | string[]) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('zego-express-engine-miniprogram') as SdkModule
    return new sdk.ZegoExpressEngine(appID, server) as ZegoEngine
  }
}

/** Called by every live page on load; keeps a constructor that was injected earlier (tests). */
export function provideZegoEngine(): void {
  if (!hasZegoEngineConstructor()) provideZegoEngineConstructor(LazyZegoEngine as unknown as ZegoEngineConstructor)
}
