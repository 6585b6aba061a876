/**
 * WeChat's mini-program code API for the fake (wechat-api.ts): getwxacodeunlimit takes a scene of
 * 1–32 visible characters from WeChat's set and a page without a leading slash or query; it
 * answers a JPEG whose bytes name the scene and page (so tests can read a code back), or JSON with
 * the errcode: 40129 bad scene, 41030 page not released (with check_path, the default, for any
 * page outside the released version), 40097 width outside 280–1280.
 */
import { fakeCodeImage, type WechatJson } from './wechat-api-fixtures'

export interface FakeCodeMade {
  scene: string
  page: string
  envVersion: string
}

export type UnlimitedCodeAnswer = { kind: 'image'; image: Buffer; made: FakeCodeMade } | { kind: 'json'; json: WechatJson }

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

export function getUnlimitedCode(body: WechatJson | null, releasedPages: ReadonlySet<string>): UnlimitedCodeAnswer {
  const refuse = (errcode: number, errmsg: string): UnlimitedCodeAnswer => ({ kind: 'json', json: { errcode, errmsg } })
  const scene = body?.scene
  if (typeof scene !== 'string' || !SCENE.test(scene)) return refuse(40129, 'invalid scene')
  const page = typeof body?.page === 'string' ? body.page : ''
  if (page.startsWith('/') || page.includes('?')) return refuse(41030, 'invalid page')
  if (body?.check_path !== false && page !== '' && !releasedPages.has(page)) return refuse(41030, 'invalid page rid: fake')
  const width = body?.width ?? 430
  if (typeof width !== 'number' || width < 280 || width > 1280) return refuse(40097, 'invalid args')
  const envVersion = typeof body?.env_version === 'string' ? body.env_version : 'release'
  return { kind: 'image', image: fakeCodeImage(scene, page), made: { scene, page, envVersion } }
}
