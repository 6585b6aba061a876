/**
 * Owns the app's single ZegoExpressEngine. The constructor is injected (by engine-factory.ts on a
 * phone, by tests with the fake engine); the engine is created on first use by a live page and
 * destroyed when the last live page releases it. `onCreate` runs once per engine, which is
 * where callbacks are registered: pages come and go without re-registering.
 */
import { config } from '../../../config'
import type { ZegoEngine, ZegoEngineConstructor } from './sdk-types'

let EngineConstructor: ZegoEngineConstructor | null = null
let engine: ZegoEngine | null = null
let holders = 0
let onCreate: ((engine: ZegoEngine) => () => void) | null = null
let disposeCallbacks: (() => void) | null = null

export function provideZegoEngineConstructor(ctor: ZegoEngineConstructor): void {
  EngineConstructor = ctor
}

export function hasZegoEngineConstructor(): boolean {
  return EngineConstructor !== null
}

/** Registers the once-per-engine setup; it returns the teardown run just before destroyEngine. */
export function setEngineSetup(setup: (engine: ZegoEngine) => () => void): void {
  onCreate = setup
}

export function holdEngine(): void {
  holders++
}

/** The engine, created on first use while at least one live page holds it. */
export function useEngine(): ZegoEngine {
  if (engine) return engine
  if (holders === 0) throw new Error('ZEGO engine used without a live page holding it')
  if (!EngineConstructor) throw new Error('ZEGO engine constructor not provided (provideZegoEngine in engine-factory.ts)')
  const created = new EngineConstructor(config.zegoAppId, config.zegoServer)
  created.setDebugVerbose(false)
  engine = created
  disposeCallbacks = onCreate ? onCreate(created) : null
  return created
}

export function currentEngine(): ZegoEngine | null {
  return engine
}

/** A live page is gone; the last one out destroys the engine. */
export function releaseEngine(): void {
  holders = Math.max(0, holders - 1)
  if (holders > 0 || !engine) return
  const dying = engine
  engine = null
  disposeCallbacks?.()
  disposeCallbacks = null
  dying.destroyEngine()
}
