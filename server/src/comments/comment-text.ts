/** The rules a live comment's text follows before anything upstream sees it. */
import { COMMENT_MAX_CHARACTERS, commentLength } from '../../../miniprogram/contract/comment-rules'
import { badRequest } from '../errors'

export { COMMENT_MAX_CHARACTERS }

/**
 * Trims and checks the length in characters (code points, as the JSON schema counts them), so
 * an emoji counts once. Throws 400 naming `text`.
 */
export function normaliseCommentText(raw: string): string {
  const text = raw.trim()
  const length = commentLength(text)
  if (length === 0) throw badRequest('text', 'text: write something first (the comment is empty)')
  if (length > COMMENT_MAX_CHARACTERS) throw badRequest('text', `text: at most ${COMMENT_MAX_CHARACTERS} characters, got ${length}`)
  return text
}
