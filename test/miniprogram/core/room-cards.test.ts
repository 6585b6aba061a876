import { orderRoomCards, wechatRoomCards, zegoRoomCards, type RoomCard } from '../../../miniprogram/core/room-cards'
import { makeRoom, makeWechatLiveRoom } from '../../fakes/server-fixtures'
import { at } from '../../helpers/page-fakes'

const NOW = at('2025-03-05T10:00:00')

describe('zegoRoomCards', () => {
  it('puts live rooms first, then scheduled rooms soonest first, and leaves out ended and cancelled rooms', () => {
    const cards = zegoRoomCards(
      [
        makeRoom('later', { status: 'scheduled', scheduledStart: at('2025-03-06T20:00:00') }),
        makeRoom('done', { status: 'ended', scheduledStart: at('2025-03-04T20:00:00') }),
        makeRoom('soon', { status: 'scheduled', scheduledStart: at('2025-03-05T20:00:00') }),
        makeRoom('off', { status: 'cancelled' }),
        makeRoom('now', { status: 'live', scheduledStart: at('2025-03-05T09:00:00') }),
      ],
      NOW,
    )
    expect(cards.map((c) => [c.roomId, c.badge, c.detail])).toEqual([
      ['now', '直播中', ''],
      ['soon', '预告', '今天 20:00 开播'],
      ['later', '预告', '明天 20:00 开播'],
    ])
    expect(cards[0]).toMatchObject({ key: 'zego-now', source: 'zego', tone: 'live', title: '直播间 now', cover: 'https://cdn.example.com/cover/now.jpg' })
  })
})

describe('zegoRoomCards with replays', () => {
  it('keeps an ended room whose live was recorded, last, as 回放 that opens the replay', () => {
    const cards = zegoRoomCards(
      [
        makeRoom('old', { status: 'ended', hasReplay: true, liveStartedAt: at('2025-03-01T20:00:00') }),
        makeRoom('gone', { status: 'ended', hasReplay: false }),
        makeRoom('recent', { status: 'ended', hasReplay: true, liveStartedAt: at('2025-03-04T20:00:00') }),
        makeRoom('now', { status: 'live', scheduledStart: at('2025-03-05T09:00:00') }),
      ],
      NOW,
      // The anchor's own ended room is a replay like any other.
      'anchor-1',
    )
    expect(cards.map((c) => [c.roomId, c.tone, c.badge, c.replay])).toEqual([
      ['now', 'live', '直播中', false],
      ['recent', 'ended', '回放', true],
      ['old', 'ended', '回放', true],
    ])
  })
})

describe('zegoRoomCards for the signed-in anchor', () => {
  it('marks the rooms the user hosts, with the way to go live or back to the live', () => {
    const rooms = [
      makeRoom('mine-live', { status: 'live', anchorUserId: 'u-anchor', scheduledStart: at('2025-03-05T09:00:00') }),
      makeRoom('mine-next', { status: 'scheduled', anchorUserId: 'u-anchor', scheduledStart: at('2025-03-05T20:00:00') }),
      makeRoom('theirs', { status: 'live', anchorUserId: 'u-other', scheduledStart: at('2025-03-05T09:30:00') }),
    ]
    expect(zegoRoomCards(rooms, NOW, 'u-anchor').map((c) => [c.roomId, c.hosting, c.actionText])).toEqual([
      ['mine-live', true, '回到直播'],
      ['theirs', false, ''],
      ['mine-next', true, '去开播'],
    ])
    // Unknown user: nobody hosts anything.
    expect(zegoRoomCards(rooms, NOW).every((c) => !c.hosting && c.actionText === '')).toBe(true)
  })
})

describe('zegoRoomCards reminders', () => {
  const rooms = [
    makeRoom('live', { status: 'live', anchorUserId: 'u-anchor' }),
    makeRoom('next', { status: 'scheduled', anchorUserId: 'u-anchor', scheduledStart: at('2025-03-05T20:00:00') }),
    makeRoom('booked', { status: 'scheduled', anchorUserId: 'u-anchor', scheduledStart: at('2025-03-05T21:00:00') }),
  ]

  it('offers 开播提醒 on upcoming rooms only when reminders are configured, with the known state', () => {
    expect(zegoRoomCards(rooms, NOW, 'u-shopper', { booked: 'on' }).map((c) => [c.roomId, c.reminder])).toEqual([
      ['live', ''],
      ['next', 'off'],
      ['booked', 'on'],
    ])
    expect(zegoRoomCards(rooms, NOW, 'u-shopper').every((c) => c.reminder === '')).toBe(true)
  })

  it("offers none on the anchor's own rooms", () => {
    expect(zegoRoomCards(rooms, NOW, 'u-anchor', {}).every((c) => c.reminder === '')).toBe(true)
  })
})

describe('wechatRoomCards', () => {
  it('maps categories to tones, keeps ended rooms last (replays) and drops hidden ones', () => {
    const cards = wechatRoomCards(
      [
        makeWechatLiveRoom(1, 103, { startTime: at('2025-03-01T20:00:00') }),
        makeWechatLiveRoom(2, 102, { startTime: at('2025-03-05T19:30:00') }),
        makeWechatLiveRoom(3, 104),
        makeWechatLiveRoom(4, 101),
        makeWechatLiveRoom(5, 107),
        makeWechatLiveRoom(6, 105),
        makeWechatLiveRoom(7, 103, { startTime: at('2025-03-04T20:00:00') }),
        { ...makeWechatLiveRoom(8, 101), liveStatus: null, category: 'hidden', statusLabel: '未知' },
      ],
      NOW,
    )
    expect(cards.map((c) => [c.roomId, c.tone, c.badge, c.detail])).toEqual([
      ['4', 'live', '直播中', '小美'],
      ['6', 'live', '暂停中', '小美'],
      ['2', 'upcoming', '未开始', '今天 19:30 开播'],
      ['7', 'ended', '已结束', '小美'],
      ['1', 'ended', '已结束', '小美'],
    ])
    expect(cards[0]).toMatchObject({ key: 'wechat-4', source: 'wechat', title: '微信直播 4', cover: 'https://mmbiz.example.com/cover/4.jpg' })
  })
})

describe('orderRoomCards', () => {
  const card = (roomId: string, tone: RoomCard['tone'], startSeconds: number): RoomCard => ({
    key: roomId,
    source: 'zego',
    roomId,
    title: roomId,
    cover: '',
    tone,
    badge: '',
    detail: '',
    startSeconds,
    hosting: false,
    actionText: '',
    reminder: '',
    replay: false,
  })

  it('keeps the server order between rooms of the same tone and start', () => {
    const ordered = orderRoomCards([card('b', 'live', 5), card('a', 'live', 5), card('c', 'upcoming', 1), card('d', 'live', 1)])
    expect(ordered.map((c) => c.roomId)).toEqual(['d', 'b', 'a', 'c'])
  })

  it('does not reorder the list it was given', () => {
    const input = [card('x', 'ended', 1), card('y', 'live', 2)]
    orderRoomCards(input)
    expect(input.map((c) => c.roomId)).toEqual(['x', 'y'])
  })
})
