/**
 * Live comments in the viewer room and the anchor console: sending through the server (which
 * broadcasts to everyone else; ZEGO never echoes to the sender), receiving IMRecvBarrageMessage,
 * failures with the draft kept, the input only while live, the cap.
 */
import {
  ANCHOR,
  ROOM,
  closePage,
  currentEngine,
  goLive,
  openAnchor,
  openViewer,
  settle,
  useLiveFakes,
  type SimPage,
} from '../../helpers/live'
import {
  chatErrorText,
  chatInput,
  chatLines,
  commentRequests,
  sendEnabled,
  tapRetry,
  tapSend,
  typeComment,
} from '../../helpers/live-chat'
import { openPage } from '../../helpers/load-page'
import { barrageMessage } from '../../fakes/zego-fixtures'
import { serverCommentBatch, type AcceptedComment } from '../../fakes/server-comment-batch'
import type { LiveComment } from '../../../miniprogram/core/api-types'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'
import { liveChatStore } from '../../../miniprogram/live/stores/live-chat'
import { zegoLive } from '../../../miniprogram/live/services/zego'
import { sendLiveComment } from '../../../miniprogram/live/services/live-api'

const ctx = useLiveFakes()

function draftOf(page: SimPage): string {
  const panel = page.querySelector('#chat')
  return (panel?.data as { draft: string }).draft
}

describe('live comments: viewer', () => {
  it('sends a comment: the request carries the trimmed text, the own message shows once, an echo adds nothing', async () => {
    const page = await openViewer()
    expect(chatInput(page)).toBeTruthy()
    typeComment(page, '  这个多少钱？ ')
    await settle()
    await tapSend(page)
    expect(commentRequests(ctx.server)).toEqual([{ text: '这个多少钱？' }])
    expect(ctx.server.comments.map((c) => c.nickname)).toEqual(['观众er-1'])
    expect(chatLines(page)).toEqual(['观众er-1 这个多少钱？'])
    expect(draftOf(page)).toBe('')
    expect(liveChatStore.messages[0]).toMatchObject({ id: 'zego-msg-1', mine: true })

    // Should ZEGO ever deliver our own message back, its ID is already known.
    currentEngine().comments([serverCommentBatch(ROOM, [['zego-msg-1', '这个多少钱？', 'viewer-1', '观众er-1']])])
    await settle()
    expect(chatLines(page)).toEqual(['观众er-1 这个多少钱？'])
    closePage(page)
  })

  it('renders received comments in order with their nicknames; another room and repeated IDs are ignored', async () => {
    const page = await openViewer()
    const engine = currentEngine()
    engine.comments([serverCommentBatch(ROOM, [['m1', '主播好', 'user-1234'], ['m2', '来了来了', 'user-5678']])])
    engine.comments([serverCommentBatch(ROOM, [['m3', '欢迎大家', ANCHOR, '主播'], ['m1', '主播好', 'user-1234']])])
    engine.comments([serverCommentBatch('another-room', [['x1', '别的直播间', 'user-0000']])], 'another-room')
    await settle()
    expect(chatLines(page)).toEqual(['观众1234 主播好', '观众5678 来了来了', '主播 欢迎大家'])
    closePage(page)
  })

  it('a rejected comment shows the server text and keeps the draft; retry sends it again', async () => {
    const page = await openViewer()
    ctx.server.failures.set(`POST /api/rooms/${ROOM}/comments`, {
      status: 422,
      body: { error: 'comment_rejected', message: '评论包含不合适的内容，请修改后再发送', field: 'text' },
    })
    typeComment(page, '第一条')
    await tapSend(page)
    expect(chatErrorText(page)).toBe('评论包含不合适的内容，请修改后再发送')
    expect(draftOf(page)).toBe('第一条')
    expect(chatLines(page)).toEqual([])

    await tapRetry(page)
    expect(commentRequests(ctx.server)).toEqual([{ text: '第一条' }, { text: '第一条' }])
    expect(chatErrorText(page)).toBe('')
    expect(chatLines(page)).toEqual(['观众er-1 第一条'])
    expect(draftOf(page)).toBe('')
    closePage(page)
  })

  it.each([
    [409, { error: 'room_not_live', message: 'comments are open only during a live; this room is ended' }, '直播未开始或已结束，现在不能评论'],
    [429, { error: 'rate_limited', message: 'Rate limit exceeded, retry in 1 minute' }, '评论太频繁了，请稍后再试'],
    [503, { error: 'moderation_unavailable', message: '评论审核暂时不可用，请稍后再试 (the content check is unavailable; retry later)' }, '评论审核暂时不可用，请稍后再试'],
  ])('answer %i is shown in words a shopper reads, the draft kept', async (status, body, shown) => {
    const page = await openViewer()
    ctx.server.failures.set(`POST /api/rooms/${ROOM}/comments`, { status, body })
    typeComment(page, '还有货吗')
    await tapSend(page)
    expect(chatErrorText(page)).toBe(shown)
    expect(draftOf(page)).toBe('还有货吗')
    expect(sendEnabled(page)).toBe(true)
    closePage(page)
  })

  it('the real 409 from a room that ended meanwhile, and a network failure, are shown', async () => {
    const page = await openViewer()
    ctx.server.setRoomStatus(ROOM, 'ended')
    typeComment(page, '还在吗')
    await tapSend(page)
    expect(chatErrorText(page)).toBe('直播未开始或已结束，现在不能评论')
    ctx.server.setRoomStatus(ROOM, 'live')
    ctx.server.failNetwork = 3 // the first try and both of api.ts's retries
    await tapRetry(page)
    await settle(10)
    expect(chatErrorText(page)).toBe('网络连接失败，请检查网络后重试')
    expect(draftOf(page)).toBe('还在吗')
    expect(ctx.server.comments).toEqual([])
    closePage(page)
  })

  it('发送 is off while empty, over 100 characters and while sending; the count follows the text', async () => {
    const page = await openViewer()
    expect(sendEnabled(page)).toBe(false)
    typeComment(page, '   ')
    await settle()
    expect(sendEnabled(page)).toBe(false)
    typeComment(page, '好'.repeat(101))
    await settle()
    expect(page.querySelector('#chat >>> .chat-panel__count')?.dom?.textContent).toBe('101/100')
    expect(sendEnabled(page)).toBe(false)
    typeComment(page, '👍'.repeat(100))
    await settle()
    expect(page.querySelector('#chat >>> .chat-panel__count')?.dom?.textContent).toBe('100/100')
    expect(sendEnabled(page)).toBe(true)
    // While the answer is on its way, a second tap sends nothing.
    let open = (): void => undefined
    const gate = new Promise<void>((resolve) => (open = resolve))
    zegoLive.useProviders({ comments: async (roomId, text) => gate.then(() => sendLiveComment(roomId, text)) })
    try {
      await tapSend(page)
      expect(sendEnabled(page)).toBe(false)
      expect(await zegoLive.chat.send('又一条')).toBe(false)
      open()
      await settle()
    } finally {
      zegoLive.useProviders({ comments: sendLiveComment })
    }
    expect(sendEnabled(page)).toBe(false) // the input was emptied
    expect(chatLines(page)).toEqual([`观众er-1 ${'👍'.repeat(100)}`])
    expect(commentRequests(ctx.server)).toHaveLength(1)
    closePage(page)
  })

  it.each(['scheduled', 'ended'] as const)('shows no input while the room is %s', async (status) => {
    ctx.server.setRoomStatus(ROOM, status)
    const page = await openViewer()
    expect(chatInput(page)).toBeFalsy()
    closePage(page)
  })

  it('keeps the newest 100 of 150 received comments, in order', async () => {
    const page = await openViewer()
    for (let i = 1; i <= 150; i += 10) {
      currentEngine().comments([serverCommentBatch(ROOM, Array.from({ length: 10 }, (_, j): AcceptedComment => [`m${i + j}`, `第${i + j}条`, 'user-1234']))])
      await settle(2)
    }
    await settle()
    const lines = chatLines(page)
    expect(lines).toHaveLength(100)
    expect(lines[0]).toBe('观众1234 第51条')
    expect(lines[99]).toBe('观众1234 第150条')
    expect(liveChatStore.messages).toHaveLength(100)
    closePage(page)
  })

  it('leaving the room clears the comments; the next room starts empty', async () => {
    const page = await openViewer()
    currentEngine().comments([serverCommentBatch(ROOM, [['m1', '你好']])])
    await settle()
    expect(chatLines(page)).toHaveLength(1)
    closePage(page)
    expect(liveChatStore.messages).toEqual([])
    const again = await openViewer()
    expect(chatLines(again)).toEqual([])
    closePage(again)
  })
})

describe('live comments: history for a late viewer', () => {
  const earlier = (id: string, text: string, userId = 'user-1234'): LiveComment => ({ id, roomId: ROOM, userId, nickname: `观众${userId.slice(-4)}`, text, sentAt: 1_700_000_000 })

  const historyRequests = (): number => ctx.server.paths().filter((p) => p === `GET /api/rooms/${ROOM}/comments`).length

  it('a late viewer sees the comments sent before it entered, in order, then new ones', async () => {
    ctx.server.userId = 'viewer-0001'
    const early = await openViewer()
    for (const text of ['第一', '第二', '第三']) {
      typeComment(early, text)
      await tapSend(early)
    }
    closePage(early)

    ctx.server.userId = 'viewer-0002'
    getApp<IAppOption>().globalData.sessionToken = undefined
    const asked = historyRequests()
    const late = await openViewer()
    expect(chatLines(late)).toEqual(['观众0001 第一', '观众0001 第二', '观众0001 第三'])
    expect(liveChatStore.messages.map((m) => m.mine)).toEqual([false, false, false])
    currentEngine().comments([serverCommentBatch(ROOM, [['m-new', '刚来', 'user-1234']])])
    await settle()
    expect(chatLines(late)).toEqual(['观众0001 第一', '观众0001 第二', '观众0001 第三', '观众1234 刚来'])
    expect(historyRequests() - asked).toBe(1)
    closePage(late)
  })

  it('barrages arriving while the history loads are kept once, after the earlier comments', async () => {
    ctx.server.comments.push(earlier('c1', '一'), earlier('c2', '二'), earlier('c3', '三'))
    ctx.server.onCommentHistory = () => {
      // c3 reaches the room live as well; c4 is newer than anything the server answers with.
      currentEngine().comments([serverCommentBatch(ROOM, [['c3', '三', 'user-1234'], ['c4', '四', 'user-1234']])])
    }
    const page = await openViewer()
    expect(chatLines(page)).toEqual(['观众1234 一', '观众1234 二', '观众1234 三', '观众1234 四'])
    expect(liveChatStore.messages.map((m) => m.id)).toEqual(['c1', 'c2', 'c3', 'c4'])

    // The same IDs again, live, add nothing.
    currentEngine().comments([serverCommentBatch(ROOM, [['c1', '一', 'user-1234'], ['c4', '四', 'user-1234']])])
    await settle()
    expect(liveChatStore.messages.map((m) => m.id)).toEqual(['c1', 'c2', 'c3', 'c4'])
    closePage(page)
  })

  it('marks the own earlier comments as mine and keeps the newest 100 overall', async () => {
    ctx.server.comments.push(...Array.from({ length: 100 }, (_, i) => earlier(`h${i}`, `旧${i}`, i === 99 ? 'viewer-1' : 'user-1234')))
    ctx.server.onCommentHistory = () => currentEngine().comments([serverCommentBatch(ROOM, [['live-1', '新', 'user-1234']])])
    const page = await openViewer()
    // The server answers the newest 50; with the one live comment that is 51.
    expect(liveChatStore.messages).toHaveLength(51)
    expect(liveChatStore.messages[0]?.id).toBe('h50')
    expect(liveChatStore.messages[49]).toMatchObject({ id: 'h99', mine: true })
    expect(liveChatStore.messages[50]?.id).toBe('live-1')
    closePage(page)
  })

  it('a failing history request changes nothing else: the live and the chat go on', async () => {
    ctx.server.comments.push(earlier('c1', '一'))
    ctx.server.failures.set(`GET /api/rooms/${ROOM}/comments`, { status: 503, body: { error: 'unavailable', message: '服务暂不可用' } })
    ctx.server.onCommentHistory = () => currentEngine().comments([serverCommentBatch(ROOM, [['m1', '你好', 'user-1234']])])
    const page = await openViewer()
    expect(historyRequests()).toBe(1)
    expect(liveChatStore.messages.map((m) => m.id)).toEqual([])
    expect(chatErrorText(page)).toBeFalsy()
    expect(liveRoomStore.failure).toBeNull()
    expect(liveRoomStore.room.state).toBe('CONNECTED')

    currentEngine().comments([serverCommentBatch(ROOM, [['m1', '你好', 'user-1234']])])
    typeComment(page, '还在')
    await tapSend(page)
    expect(chatLines(page)).toEqual(['观众1234 你好', '观众er-1 还在'])
    expect(historyRequests()).toBe(1)
    closePage(page)
  })

  it('an answer arriving after the viewer left is dropped', async () => {
    ctx.server.comments.push(earlier('c1', '一'))
    let page: SimPage | undefined
    ctx.server.onCommentHistory = () => {
      if (page) closePage(page)
    }
    page = openPage('live/viewer/index', { roomId: ROOM })
    await settle()
    expect(liveChatStore.roomId).toBe('')
    expect(liveChatStore.messages).toEqual([])
  })
})

describe('live comments: anchor console', () => {
  it('reads comments before going live; once live the anchor may comment as 主播', async () => {
    const page = await openAnchor(ctx.server)
    expect(chatInput(page)).toBeFalsy()
    currentEngine().comments([serverCommentBatch(ROOM, [['m1', '主播什么时候开始', 'user-1234']])])
    await settle()
    expect(chatLines(page)).toEqual(['观众1234 主播什么时候开始'])

    await goLive(page)
    typeComment(page, '马上开始讲解')
    await tapSend(page)
    expect(chatLines(page)).toEqual(['观众1234 主播什么时候开始', '主播 马上开始讲解'])
    expect(ctx.server.comments[0]).toMatchObject({ userId: ANCHOR, nickname: '主播', text: '马上开始讲解' })
    closePage(page)
  })
})
