import { MAX_ENTRY_NAME_LENGTH, parseWechatRoomEntry, wechatRoomEntryPath } from '../../../miniprogram/core/wechat-room-entry'

describe('wxlive room entry path', () => {
  it('carries the room with its name, cover and times, URL-safe', () => {
    const path = wechatRoomEntryPath({ roomId: 12, name: '新品 & 福利?', cover: 'https://cdn.example.com/a b.jpg?x=1&y=2', startTime: 1_700_000_000, endTime: 1_700_007_200 })
    expect(path).toBe(
      `/wxlive/room/index?roomId=12&name=${encodeURIComponent('新品 & 福利?')}&start=1700000000&end=1700007200`,
    )
    const withCover = wechatRoomEntryPath({ roomId: 12, cover: 'https://cdn.example.com/c.jpg?x=1&y=2' })
    expect(withCover).toBe(`/wxlive/room/index?roomId=12&cover=${encodeURIComponent('https://cdn.example.com/c.jpg?x=1&y=2')}`)
    expect(withCover.split('?')[1].split('&')).toHaveLength(2)
  })

  it('leaves out what cannot be used: a non-https cover, empty names, bad times; shortens long names', () => {
    expect(wechatRoomEntryPath({ roomId: 3, name: '  ', cover: 'http://insecure.example.com/c.jpg', startTime: -1, endTime: 1.5 })).toBe('/wxlive/room/index?roomId=3')
    const long = '很'.repeat(MAX_ENTRY_NAME_LENGTH + 10)
    expect(parseWechatRoomEntry({ roomId: '3', name: encodeURIComponent(long) }).name).toHaveLength(MAX_ENTRY_NAME_LENGTH)
    expect(() => wechatRoomEntryPath({ roomId: 0 })).toThrow(RangeError)
  })

  it('reads the query back, percent-encoded or not, and drops what does not parse', () => {
    expect(parseWechatRoomEntry({ roomId: '12', name: encodeURIComponent('100% 好物'), cover: encodeURIComponent('https://cdn.example.com/c.jpg'), start: '1700000000', end: '1700007200' })).toEqual({
      roomId: 12,
      rawRoomId: '12',
      name: '100% 好物',
      cover: 'https://cdn.example.com/c.jpg',
      startTime: 1_700_000_000,
      endTime: 1_700_007_200,
    })
    // Already decoded by the client: "100% 好物" no longer decodes and is taken as it is.
    expect(parseWechatRoomEntry({ roomId: '12', name: '100% 好物' }).name).toBe('100% 好物')
    expect(parseWechatRoomEntry({ roomId: 'abc', cover: 'javascript:alert(1)', start: '12abc' })).toEqual({
      roomId: null,
      rawRoomId: 'abc',
      name: '',
      cover: '',
      startTime: 0,
      endTime: 0,
    })
  })
})
