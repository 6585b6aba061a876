import { RoomListStore, type RoomListAnswer } from '../../../miniprogram/stores/room-list'
import { makeRoom, makeWechatLiveRoom } from '../../fakes/server-fixtures'

const NOW = 1_741_140_000

const answer = (over: Partial<RoomListAnswer> = {}): RoomListAnswer => ({
  zegoRooms: [makeRoom('r1', { status: 'live' })],
  wechat: { kind: 'unavailable' },
  nowSeconds: NOW,
  userId: '',
  ...over,
})

describe('room-list store', () => {
  it('goes loading → rooms, and keeps the rooms on screen while a refresh runs', () => {
    const store = new RoomListStore()
    expect(store.view).toBe('loading')
    store.loadSucceeded(store.loadStarted(), answer())
    expect(store.view).toBe('rooms')
    expect(store.zegoCards.map((c) => c.roomId)).toEqual(['r1'])

    store.loadStarted()
    expect(store.view).toBe('rooms')
    expect(store.refreshing).toBe(true)
  })

  it('drops an answer overtaken by a newer load', () => {
    const store = new RoomListStore()
    const first = store.loadStarted()
    const second = store.loadStarted()
    store.loadSucceeded(second, answer({ zegoRooms: [makeRoom('new', { status: 'live' })] }))
    store.loadSucceeded(first, answer({ zegoRooms: [makeRoom('old', { status: 'live' })] }))
    store.loadFailed(first, 'late failure')
    expect(store.zegoCards.map((c) => c.roomId)).toEqual(['new'])
    expect(store.view).toBe('rooms')
  })

  it('shows the failure until the next load starts', () => {
    const store = new RoomListStore()
    store.loadFailed(store.loadStarted(), '网络连接失败')
    expect(store.view).toBe('error')
    expect(store.errorMessage).toBe('网络连接失败')
    store.loadStarted()
    expect(store.view).toBe('loading')
    expect(store.errorMessage).toBe('')
  })

  it('shows the WeChat section only with rooms worth showing or a failure to explain', () => {
    const store = new RoomListStore()
    store.loadSucceeded(store.loadStarted(), answer({ zegoRooms: [], wechat: { kind: 'rooms', rooms: [makeWechatLiveRoom(1, 104)], stale: false } }))
    expect(store.showWechatSection).toBe(false)
    expect(store.view).toBe('empty')

    store.loadSucceeded(store.loadStarted(), answer({ zegoRooms: [], wechat: { kind: 'failed', message: '服务器内部错误' } }))
    expect(store.showWechatSection).toBe(true)
    expect(store.wechatNotice).toBe('微信直播间加载失败：服务器内部错误')
    expect(store.view).toBe('rooms')
  })

  it('replaces its bound lists instead of mutating them', () => {
    const store = new RoomListStore()
    store.loadSucceeded(store.loadStarted(), answer())
    const before = store.zegoRooms
    store.loadSucceeded(store.loadStarted(), answer({ zegoRooms: [...before, makeRoom('r2', { status: 'live' })] }))
    expect(before).toHaveLength(1)
    expect(store.zegoRooms).not.toBe(before)
  })

  it('keeps a reminder being asked for when the server states arrive, and forgets them all on reset', () => {
    const store = new RoomListStore()
    store.loadSucceeded(store.loadStarted(), answer({ zegoRooms: [makeRoom('a', { status: 'scheduled' }), makeRoom('b', { status: 'scheduled' })], remindersEnabled: true }))
    expect(store.zegoCards.map((c) => c.reminder)).toEqual(['off', 'off'])
    store.reminderChanged('a', 'busy')
    store.reminderStatesLoaded({ a: 'off', b: 'on' })
    expect(store.zegoCards.map((c) => [c.roomId, c.reminder])).toEqual([['a', 'busy'], ['b', 'on']])
    store.reset()
    expect(store.reminderStates).toEqual({})
    expect(store.remindersEnabled).toBe(false)
  })
})
