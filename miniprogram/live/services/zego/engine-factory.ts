/**
 * The one place that loads the ZEGO SDK at runtime: the live subpackage's part of the zego service.
 * The SDK's npm is packed into this subpackage only (live/miniprogram_npm), so the main package
 * cannot require it; services/zego imports it as types and receives the constructor from here when
 * a live page loads. The require runs on first engine creation, not at import, so
 * tests that inject the fake engine never load the real SDK.
 */
import type { ZegoEngine, ZegoEngineConstructor } from '../../../services/zego/index'
import { hasZegoEngineConstructor, provideZegoEngineConstructor } from '../../../services/zego/index'

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
