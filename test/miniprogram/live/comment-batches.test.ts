/**
 * Live comments arrive in batches: the merchant server packs a room's accepted comments into one
 * ZEGO barrage message from sender "system" (server/src/comments/comment-batch.ts). The viewer
 * shows them in order, each comment ID once however often it comes (ZEGO may deliver twice, and
 * the batch also carries the viewer's own comment, already shown from the server's answer).
 */
import { ROOM, closePage, currentEngine, openViewer, settle, useLiveFakes } from '../../helpers/live'
import { chatLines, tapSend, typeComment } from '../../helpers/live-chat'
import { barrageMessage } from '../../fakes/zego-fixtures'
import { COMMENT_BATCH_SENDER_ID, unpackCommentBatch } from '../../../miniprogram/live/core/live-comment'
import { liveChatStore } from '../../../miniprogram/live/stores/live-chat'
import type { ZegoBarrageMessageInfo } from '../../../miniprogram/live/services/zego/sdk-types'

const ctx = useLiveFakes()

type Entry = [id: string, userId: string, text: string, offset: number, nickname?: string]
let serial = 0

/** One batch as ZEGO hands it over: a barrage message from the server's sender. */
function batch(entries: Entry[], roomId = ROOM, s = 1_700_000_000): ZegoBarrageMessageInfo {
  serial += 1
  return barrageMessage(`zego-batch-${serial}`, JSON.stringify({ t: 'comments', r: roomId, s, c: entries }), COMMENT_BATCH_SENDER_ID, '')
}

describe('live comment batches: viewer', () => {
  it('shows a batch in order with its names, each ID once across batches and repeats; another room and non-batches from the server are ignored', async () => {
    const page = await openViewer()
    const engine = currentEngine()
    engine.comments([
      batch([
        ['c1', 'u_000000000001234', '主播好', 0],
        ['c2', 'u_000000000005678', '来了来了', 0],
        ['c3', 'anchor-1', '欢迎大家', 1, '主播'],
      ]),
    ])
    // The same batch again (ZEGO may deliver twice) and a later one that overlaps it.
    engine.comments([batch([['c2', 'u_000000000005678', '来了来了', 0]]), batch([['c3', 'anchor-1', '欢迎大家', 0, '主播'], ['c4', 'u_000000000001234', '多少钱', 2]])])
    engine.comments([batch([['x1', 'u_000000000000000', '别的直播间', 0]], 'another-room')], 'another-room')
    engine.comments([batch([['x2', 'u_000000000000000', '写错了房间', 0]], 'another-room')])
    engine.comments([barrageMessage('zego-9', 'not a batch', COMMENT_BATCH_SENDER_ID, '')])
    await settle()
    expect(chatLines(page)).toEqual(['观众1234 主播好', '观众5678 来了来了', '主播 欢迎大家', '观众1234 多少钱'])
    expect(liveChatStore.messages.map((m) => [m.id, m.sentAt])).toEqual([
      ['c1', 1_700_000_000_000],
      ['c2', 1_700_000_000_000],
      ['c3', 1_700_000_001_000],
      ['c4', 1_700_000_002_000],
    ])
    closePage(page)
  })

  it("never shows a member's own barrage (sent through ZEGO past the server's content check), even mixed with a batch", async () => {
    const page = await openViewer()
    currentEngine().comments([
      barrageMessage('m1', '未审核的广告', 'user-1111'),
      batch([['c1', 'u_000000000002222', '一', 0], ['c2', 'u_000000000003333', '二', 0]]),
      // A member naming itself like the server, or sending a batch of its own, is still a member.
      barrageMessage('m2', JSON.stringify({ t: 'comments', r: ROOM, s: 1_700_000_000, c: [['c9', 'u_000000000009999', '伪造', 0]] }), 'user-4444', 'system'),
    ])
    await settle()
    expect(chatLines(page)).toEqual(['观众2222 一', '观众3333 二'])
    closePage(page)
  })

  it("shows the sender's own comment once: from the server's answer, not again when its batch arrives with others", async () => {
    const page = await openViewer()
    typeComment(page, '我要一件')
    await settle()
    await tapSend(page)
    expect(chatLines(page)).toEqual(['观众er-1 我要一件'])
    const own = ctx.server.comments[0]
    if (own === undefined) throw new Error('the fake server took no comment')
    currentEngine().comments([batch([['c-before', 'u_000000000005555', '早一点的', 0], [own.id, own.userId, own.text, 0], ['c-after', 'u_000000000006666', '晚一点的', 0]])])
    await settle()
    expect(chatLines(page)).toEqual(['观众er-1 我要一件', '观众5555 早一点的', '观众6666 晚一点的'])
    expect(liveChatStore.messages.filter((m) => m.mine).map((m) => m.id)).toEqual([own.id])
    closePage(page)
  })
})

describe('live comment batches: the chat store', () => {
  it("marks the own comment as one's own when its batch comes before the server's answer, and shows it once", () => {
    liveChatStore.begin(ROOM)
    const content = JSON.stringify({ t: 'comments', r: ROOM, s: 1_700_000_000, c: [['c1', 'u_me00000000000001', '抢先到了', 0], ['c2', 'u_000000000007777', '别人的', 0]] })
    liveChatStore.received(unpackCommentBatch(content, ROOM) ?? [], 'u_me00000000000001')
    liveChatStore.sent({ id: 'c1', userId: 'u_me00000000000001', nickname: '观众0001', text: '抢先到了', sentAt: 1_700_000_000_000 })
    expect(liveChatStore.messages.map((m) => [m.id, m.mine])).toEqual([
      ['c1', true],
      ['c2', false],
    ])
    liveChatStore.end()
  })
})
