/**
 * Reading the JSON texts that reach a room through ZEGO (comment batches, likes announcements),
 * where anything another client sends can arrive. No imports: the mini-program loads it at run time.
 */

/** The fields of `text` read as JSON, or null when it is not JSON or not an object. */
export function parseJsonObject(text: string): Readonly<Record<string, unknown>> | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null
}
