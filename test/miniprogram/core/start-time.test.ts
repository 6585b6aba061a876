import { formatStartTime } from '../../../miniprogram/core/start-time'
import { at } from '../../helpers/page-fakes'

const NOW = at('2025-03-05T10:00:00')

describe('formatStartTime', () => {
  it.each([
    ['later today', '2025-03-05T20:00:00', '今天 20:00 开播'],
    ['just before midnight', '2025-03-05T23:59:00', '今天 23:59 开播'],
    ['tomorrow', '2025-03-06T09:30:00', '明天 09:30 开播'],
    ['tomorrow just after midnight', '2025-03-06T00:05:00', '明天 00:05 开播'],
    ['later this year', '2025-04-12T19:00:00', '4月12日 19:00 开播'],
    ['next year', '2026-01-02T08:00:00', '2026年1月2日 08:00 开播'],
  ])('%s', (_name, start, text) => {
    expect(formatStartTime(at(start), NOW)).toBe(text)
  })

  it('says the live is due once its start time has come or passed', () => {
    expect(formatStartTime(NOW, NOW)).toBe('即将开播')
    expect(formatStartTime(NOW - 600, NOW)).toBe('即将开播')
  })

  it('counts calendar days, not 24-hour spans', () => {
    expect(formatStartTime(at('2025-03-06T01:00:00'), at('2025-03-05T23:00:00'))).toBe('明天 01:00 开播')
  })
})
