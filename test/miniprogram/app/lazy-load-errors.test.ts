/** A subpackage component that never downloads (the buy popup from shop/) is explained, not silent. */
import { LAZY_LOAD_FAILED } from '../../../miniprogram/services/lazy-load-errors'
import { wxEvents, wxLedger } from '../../fakes/wx'

type AppOptions = { onLaunch?: () => void }

function launchApp(): void {
  let options: AppOptions | undefined
  const g = globalThis as unknown as { App?: (o: AppOptions) => void }
  const before = g.App
  g.App = (o) => {
    options = o
  }
  try {
    jest.isolateModules(() => {
      require('../../../miniprogram/app')
    })
  } finally {
    g.App = before
  }
  if (!options?.onLaunch) throw new Error(`app.ts registered no onLaunch (App options: ${JSON.stringify(options)})`)
  options.onLaunch()
}

beforeEach(() => {
  wxLedger.clear()
  wxEvents.remove('lazyLoadError')
})

it('shows the shopper what failed and what to do when a subpackage component cannot load', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  launchApp()
  expect(wxEvents.count('lazyLoadError')).toBe(1)
  expect(wxLedger.of('showToast')).toEqual([])
  wxEvents.fire('lazyLoadError', { type: 'subpackage', subpackage: ['shop'], errMsg: 'loadSubpackage:fail network' })
  const toasts = wxLedger.of('showToast').map((c) => c.args[0] as { title: string; icon: string })
  expect(toasts).toEqual([expect.objectContaining({ title: LAZY_LOAD_FAILED, icon: 'none' })])
  // A toast without an icon shows at most two lines; the sentence must fit them.
  expect(LAZY_LOAD_FAILED.length).toBeLessThanOrEqual(16)
  expect(warn.mock.calls).toEqual([[expect.any(String), ['shop'], 'loadSubpackage:fail network']])
  warn.mockRestore()
})
