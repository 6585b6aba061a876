/**
 * Globals every mini-program test needs before any page is required: the fake `wx` (merged into
 * miniprogram-simulate's own by simulate itself), `getApp`, `getCurrentPages`, `requirePlugin` (the
 * fake live-player-plugin) and a Page shim.
 */
import { configure } from 'mobx-miniprogram'
import { recordAll, wxOverrides } from '../fakes/wx'
// Adds the share, poster and Channels APIs to wxOverrides before they are installed.
import '../fakes/wx-share'
// Adds the subscription, address, payment and dialog answers the same way.
import '../fakes/wx-shopper'
import { fakeRequirePlugin } from '../fakes/live-player-plugin'
import { config } from '../../miniprogram/config'
import { liveFrame } from '../../miniprogram/live/core/frame-scheduler'

const g = globalThis as unknown as Record<string, unknown>

// simulate merges an existing global wx over its own mocks, ours winning.
g.wx = { ...wxOverrides }

// Importing simulate installs global Component, Behavior and its wx mocks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('miniprogram-simulate')
g.wx = recordAll(g.wx as Record<string, unknown>)

const app: IAppOption = { globalData: {} }
g.getApp = () => app
g.getCurrentPages = jest.fn(() => [])
g.requirePlugin = fakeRequirePlugin
// Pages are written with Component(); the shim catches any stray Page() the same way.
g.Page = (options: Record<string, unknown>) => (g.Component as (o: unknown) => unknown)(options)

// State may only change inside actions, as in production.
configure({ enforceActions: 'observed' })

// `npm start` leaves a devLoginCode in the developer's config-local.ts; tests sign in with wx.login
// unless one sets it on purpose.
;(config as { devLoginCode: string }).devLoginCode = ''

// Live pages' views get their data on the next tick, not on the 200 ms frame (wall time); the
// setData-budget tests and the benchmark drive the frame on a clock of their own.
liveFrame.intervalMs = 0
