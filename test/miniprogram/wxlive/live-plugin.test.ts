import { livePlayerPlugin } from '../../fakes/live-player-plugin'
import { getLiveStatus, getSubscribeStatus, LivePluginError } from '../../../miniprogram/wxlive/services/live-plugin'
import { MAX_POLL_INTERVAL_MS, nextPollDelayMs, pollIntervalMs, POLL_INTERVAL_MS } from '../../../miniprogram/wxlive/core/status-poller'
import { miniprogramRoot } from '../../helpers/load-page'
import { readMiniprogramSources } from '../../../scripts/lib/package-imports'

beforeEach(() => livePlayerPlugin.reset())

describe('live-player-plugin service', () => {
  it('is the only code that calls requirePlugin, and only for live-player-plugin', () => {
    const callers = [...readMiniprogramSources(miniprogramRoot)].filter(([, source]) => /\brequirePlugin\s*[(<.]/.test(source))
    expect(callers.map(([file]) => file)).toEqual(['wxlive/services/live-plugin.ts'])
    const source = callers[0]?.[1] ?? ''
    expect(source.match(/requirePlugin\(([^)]*)\)/g)).toEqual(["requirePlugin('live-player-plugin')"])
  })

  it('asks getLiveStatus with the integer room_id and answers the status code', async () => {
    livePlayerPlugin.statuses.set(12, 102)
    await expect(getLiveStatus(12)).resolves.toBe(102)
    expect(livePlayerPlugin.of('getLiveStatus').map((c) => c.args)).toEqual([[{ room_id: 12 }]])
  })

  it.each([
    [{ errMsg: 'getLiveStatus:fail api frequency limit', errCode: 45009 }, 'live-player-plugin getLiveStatus failed: getLiveStatus:fail api frequency limit (errCode 45009)', 45009],
    [{}, 'live-player-plugin getLiveStatus failed: no reason given', undefined],
  ])('turns the rejection %p into a readable error', async (fault, message, errCode) => {
    livePlayerPlugin.faults.set('getLiveStatus', fault as { errMsg: string })
    const err = await getLiveStatus(12).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LivePluginError)
    expect((err as LivePluginError).message).toBe(message)
    expect((err as LivePluginError).errCode).toBe(errCode)
  })

  it('rejects a status outside 101–107 instead of passing it on', async () => {
    jest.spyOn(livePlayerPlugin, 'getLiveStatus').mockResolvedValueOnce({ liveStatus: 200 } as unknown as LivePlayerPlugin.LiveStatusResult)
    await expect(getLiveStatus(12)).rejects.toThrow('unexpected liveStatus 200')
  })

  it('reads is_subscribe as a flag or 0/1', async () => {
    await expect(getSubscribeStatus(12)).resolves.toBe(false)
    livePlayerPlugin.subscribedRooms.add(12)
    await expect(getSubscribeStatus(12)).resolves.toBe(true)
    jest.spyOn(livePlayerPlugin, 'getSubscribeStatus').mockResolvedValueOnce({ room_id: 12, openid: 'o', is_subscribe: 1 })
    await expect(getSubscribeStatus(12)).resolves.toBe(true)
  })
})

describe('status poll schedule', () => {
  it('waits a minute after a good answer and doubles after each failure, up to eight minutes', () => {
    expect([0, 1, 2, 3, 4, 10].map(pollIntervalMs)).toEqual([60_000, 120_000, 240_000, 480_000, MAX_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS])
  })

  it('calls at once the first time and otherwise never before the interval since the last call', () => {
    expect(nextPollDelayMs(null, 5_000, 0)).toBe(0)
    expect(nextPollDelayMs(1_000, 21_000, 0)).toBe(POLL_INTERVAL_MS - 20_000)
    expect(nextPollDelayMs(1_000, 1_000 + 10 * POLL_INTERVAL_MS, 0)).toBe(0)
    expect(nextPollDelayMs(1_000, 61_000, 1)).toBe(POLL_INTERVAL_MS)
  })
})
