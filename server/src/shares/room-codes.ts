/**
 * Mini-program codes for a room. A code carries only a scene of at most 32 characters, so the
 * scene is a random key into share_codes, which names the room (ours or a WeChat live room) and
 * the sharer. One code per (room, sharer): asking again answers the stored image without calling
 * WeChat, whose getwxacodeunlimit is limited per minute.
 */
import type { Kysely } from 'kysely'
import type { Database, ShareCodesTable } from '../db/schema'
import { ApiError } from '../errors'
import { WechatError } from '../wechat/wechat-http'
import { ERRCODE_PAGE_NOT_RELEASED, type WxaCodeClient } from '../wechat/wxacode'

/** The entry page that decodes the scene (share subpackage). */
export const ROOM_CODE_PAGE = 'share/entry/index'

export type CodeTarget = { kind: 'room'; id: string } | { kind: 'wechat'; id: string }

/** 'c' and 15 base64url characters: 90 random bits in WeChat's scene alphabet. */
export function newScene(randomBytes: (size: number) => Buffer): string {
  return `c${randomBytes(12).toString('base64url').slice(0, 15)}`
}

export async function roomCodeFor(
  deps: { db: Kysely<Database>; wxaCode: WxaCodeClient | null; randomBytes: (size: number) => Buffer; nowSeconds: () => number },
  target: CodeTarget,
  sharerId: string,
): Promise<ShareCodesTable> {
  const { db } = deps
  const existing = await db.selectFrom('share_codes').selectAll().where('kind', '=', target.kind).where('target_id', '=', target.id).where('sharer_user_id', '=', sharerId).executeTakeFirst()
  if (existing !== undefined) return existing
  if (deps.wxaCode === null) throw new ApiError(503, 'wechat_not_configured', 'mini-program codes need WECHAT_APPID and WECHAT_APPSECRET (server is in dev mode)')
  const scene = newScene(deps.randomBytes)
  let image
  try {
    image = await deps.wxaCode.getUnlimited(scene, ROOM_CODE_PAGE)
  } catch (err) {
    throw upstreamError(err)
  }
  const row: ShareCodesTable = { scene, kind: target.kind, target_id: target.id, sharer_user_id: sharerId, image_base64: image.bytes.toString('base64'), content_type: image.contentType, created_at: deps.nowSeconds() }
  // Two requests at once make two codes; the unique index keeps the first, and both answer it.
  await db.insertInto('share_codes').values(row).onConflict((oc) => oc.columns(['kind', 'target_id', 'sharer_user_id']).doNothing()).execute()
  return (await db.selectFrom('share_codes').selectAll().where('kind', '=', target.kind).where('target_id', '=', target.id).where('sharer_user_id', '=', sharerId).executeTakeFirstOrThrow())
}

function upstreamError(err: unknown): ApiError {
  if (err instanceof WechatError) {
    if (err.errcode === ERRCODE_PAGE_NOT_RELEASED) return new ApiError(502, 'code_page_not_released', `WeChat has no released page ${ROOM_CODE_PAGE} yet: release the mini-program, or set WECHAT_CODE_ENV_VERSION=trial|develop`)
    if (err.errcode === 45009) return new ApiError(503, 'upstream_rate_limited', 'WeChat is limiting mini-program codes right now; retry in a minute')
    return new ApiError(502, 'upstream_failed', `WeChat could not make the code (${err.failure}${err.errcode === undefined ? '' : ` ${err.errcode}`})`)
  }
  return new ApiError(502, 'upstream_failed', 'WeChat could not make the code')
}
