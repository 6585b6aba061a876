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
import { barrageMessage } from '../../fakes/zego-engine'
import { liveChatStore } from '../../../miniprogram/live/stores/live-chat'
import { zegoLive } from '../../../miniprogram/live/services/zego'
import { sendLiveComment } from '../../../miniprogram/services/api'

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
    currentEngine().comments([barrageMessage('zego-msg-1', '这个多少钱？', 'viewer-1', '观众er-1')])
    await settle()
    expect(chatLines(page)).toEqual(['观众er-1 这个多少钱？'])
    closePage(page)
  })

  it('renders received comments in order with their nicknames; another room and repeated IDs are ignored', async () => {
    const page = await openViewer()
    const engine = currentEngine()
    engine.comments([barrageMessage('m1', '主播好', 'user-1234'), barrageMessage('m2', '来了来了', 'user-5678')])
    engine.comments([barrageMessage('m3', '欢迎大家', ANCHOR, '主播'), barrageMessage('m1', '主播好', 'user-1234')])
    engine.comments([barrageMessage('x1', '别的直播间', 'user-0000')], 'another-room')
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
      currentEngine().comments(Array.from({ length: 10 }, (_, j) => barrageMessage(`m${i + j}`, `第${i + j}条`, 'user-1234')))
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
    currentEngine().comments([barrageMessage('m1', '你好')])
    await settle()
    expect(chatLines(page)).toHaveLength(1)
    closePage(page)
    expect(liveChatStore.messages).toEqual([])
    const again = await openViewer()
    expect(chatLines(again)).toEqual([])
    closePage(again)
  })
})

describe('live comments: anchor console', () => {
  it('reads comments before going live; once live the anchor may comment as 主播', async () => {
    const page = await openAnchor(ctx.server)
    expect(chatInput(page)).toBeFalsy()
    currentEngine().comments([barrageMessage('m1', '主播什么时候开始', 'user-1234')])
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
