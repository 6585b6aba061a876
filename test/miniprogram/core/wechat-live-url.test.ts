import { MAX_CUSTOM_PARAMS_LENGTH, parseWechatLiveRoomId, wechatLiveRoomUrl } from '../../../miniprogram/core/wechat-live-url'

describe('wechatLiveRoomUrl', () => {
  it('opens the plugin room page of provider wx2b03c6e691cd7370 with the room ID', () => {
    expect(wechatLiveRoomUrl(12)).toBe('plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=12')
  })

  it('adds custom_params as URI-encoded JSON', () => {
    const url = wechatLiveRoomUrl(12, { from: 'rooms', tag: 'a&b' })
    expect(url).toBe(`plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=12&custom_params=${encodeURIComponent('{"from":"rooms","tag":"a&b"}')}`)
    const encoded = url.split('&custom_params=')[1]
    expect(JSON.parse(decodeURIComponent(encoded))).toEqual({ from: 'rooms', tag: 'a&b' })
  })

  it('accepts custom_params of exactly 600 encoded characters and refuses one more', () => {
    // {"k":"…"} encodes to 22 characters around the value.
    const fits = { k: 'x'.repeat(MAX_CUSTOM_PARAMS_LENGTH - 22) }
    expect(encodeURIComponent(JSON.stringify(fits))).toHaveLength(600)
    expect(() => wechatLiveRoomUrl(1, fits)).not.toThrow()
    expect(() => wechatLiveRoomUrl(1, { k: 'x'.repeat(MAX_CUSTOM_PARAMS_LENGTH - 21) })).toThrow(/601 characters/)
  })

  it('counts the encoded length, where one CJK character takes nine', () => {
    expect(() => wechatLiveRoomUrl(1, { k: '直'.repeat(64) })).not.toThrow()
    expect(() => wechatLiveRoomUrl(1, { k: '直'.repeat(65) })).toThrow(/607 characters/)
  })

  it.each([0, -3, 1.5, Number.NaN])('refuses room ID %p', (id) => {
    expect(() => wechatLiveRoomUrl(id)).toThrow(RangeError)
  })
})

describe('parseWechatLiveRoomId', () => {
  it.each([
    ['12', 12],
    [' 7 ', 7],
    [12, 12],
    ['', null],
    [undefined, null],
    [null, null],
    ['0', null],
    ['012', null],
    ['-1', null],
    ['1.5', null],
    ['12abc', null],
    ['99999999999999999', null],
    [0, null],
  ])('%p → %p', (raw, id) => {
    expect(parseWechatLiveRoomId(raw)).toBe(id)
  })
})
