/**
 * The scene of our room codes (server/src/shares/room-codes.ts): WeChat hands it to the entry page
 * as `query.scene`, percent-encoded; ours are at most 32 of `[A-Za-z0-9_-]`.
 */
export function parseScene(raw: string | undefined): string | null {
  if (!raw) return null
  let scene = raw
  try {
    scene = decodeURIComponent(raw)
  } catch {
    return null
  }
  return /^[A-Za-z0-9_-]{1,32}$/.test(scene) ? scene : null
}
