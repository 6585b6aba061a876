/** The rules a live comment's text follows before anything upstream sees it. */
import { badRequest } from '../errors'

export const COMMENT_MAX_CHARACTERS = 100

/**
 * Trims and checks the length in characters (code points, as the JSON schema counts them), so
 * an emoji counts once. Throws 400 naming `text`.
 */
export function normaliseCommentText(raw: string): string {
  const text = raw.trim()
  const length = [...text].length
  if (length === 0) throw badRequest('text', 'text: write something first (the comment is empty)')
  if (length > COMMENT_MAX_CHARACTERS) throw badRequest('text', `text: at most ${COMMENT_MAX_CHARACTERS} characters, got ${length}`)
  return text
}
