/**
 * The rules both the mini-program and the server apply are written once, in the contract: the
 * comment limit and how it counts, the names shown beside comments, the roles and who hosts a
 * room. Checked as behaviour, and on source text so a second copy cannot creep back in.
 */
import path from 'node:path'
import { COMMENT_MAX_CHARACTERS, commentDisplayName, commentFits, commentLength, viewerDisplayName } from '../../miniprogram/contract/comment-rules'
import { USER_ROLES, hostsRoom, isRoomAnchor } from '../../miniprogram/contract/user-rules'
import { CONTRACT_DIR } from '../../scripts/lib/contract-boundary'
import { readTypeScriptSources } from '../../scripts/lib/package-imports'

describe('the shared rules', () => {
  it('counts a comment trimmed and in code points, so an emoji counts once', () => {
    expect(commentLength('  好😀 ')).toBe(2)
    expect(commentFits('😀'.repeat(COMMENT_MAX_CHARACTERS))).toBe(true)
    expect(commentFits('😀'.repeat(COMMENT_MAX_CHARACTERS + 1))).toBe(false)
    expect(commentFits('   ')).toBe(false)
  })

  it('names the anchor 主播 and a viewer by the tail of their user ID', () => {
    expect(commentDisplayName('u_anchor01', 'u_anchor01')).toBe('主播')
    expect(commentDisplayName('u_viewer1234', 'u_anchor01')).toBe('观众1234')
    expect(viewerDisplayName('u_ab')).toBe('观众u_ab')
  })

  it('lets only the room’s anchor, still an anchor, host it', () => {
    const room = { anchorUserId: 'u_a' }
    expect(USER_ROLES).toEqual(['shopper', 'anchor', 'admin'])
    expect(hostsRoom({ id: 'u_a', role: 'anchor' }, room)).toBe(true)
    expect(hostsRoom({ id: 'u_a', role: 'shopper' }, room)).toBe(false)
    expect(hostsRoom({ id: 'u_b', role: 'anchor' }, room)).toBe(false)
    expect(isRoomAnchor('', { anchorUserId: '' })).toBe(false)
  })
})

describe('written once', () => {
  const repoRoot = path.resolve(__dirname, '../..')
  const outside = [...readTypeScriptSources(repoRoot, ['server/src', 'miniprogram'])].filter(([file]) => !file.startsWith(CONTRACT_DIR))
  // What a second copy of each rule would have to spell out.
  const copies: Array<[string, RegExp]> = [
    ['the comment limit', /COMMENT_MAX_CHARACTERS\s*=/],
    ['the viewer display name', /观众\$\{/],
    ['the anchor display name', /['"]主播['"]/],
    ['the role list', /['"]shopper['"]\s*,\s*['"]anchor['"]/],
    ['who hosts a room', /role\s*===\s*'anchor'\s*&&[^\n]*anchorUserId/],
  ]

  it('reads the real sources', () => {
    expect(outside.map(([file]) => file)).toEqual(expect.arrayContaining(['server/src/comments/comment-text.ts', 'miniprogram/live/core/live-comment.ts']))
  })

  it('keeps each shared rule in the contract only', () => {
    const found = outside.flatMap(([file, source]) => copies.filter(([, pattern]) => pattern.test(source)).map(([rule]) => `${file} spells out ${rule}`))
    expect(found).toEqual([])
  })
})
