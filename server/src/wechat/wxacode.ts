/**
 * WeChat's unlimited mini-program code (`wxa/getwxacodeunlimit`): an image that opens `page` with
 * `scene` in its query. WeChat allows a scene of at most 32 visible characters from a fixed set
 * and a page path without a leading slash or query; it answers the image on success and JSON
 * (41030 page not released, 45009 rate limited, 40129 bad scene) on failure.
 */
import type { AccessTokenProvider } from './access-token'
import type { WechatHttp, WechatImage } from './wechat-http'

const PATH = '/wxa/getwxacodeunlimit'

export const MAX_SCENE_LENGTH = 32
/** The characters WeChat documents for scene. */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

export const ERRCODE_PAGE_NOT_RELEASED = 41030

export type CodeEnvVersion = 'release' | 'trial' | 'develop'

export class WxaCodeClient {
  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenProvider,
    /** Which build the code opens; only a released build can be checked for its page. */
    private readonly envVersion: CodeEnvVersion,
  ) {}

  getUnlimited(scene: string, page: string): Promise<WechatImage> {
    if (!SCENE_PATTERN.test(scene)) throw new RangeError(`scene "${scene}" is not up to ${MAX_SCENE_LENGTH} of WeChat's scene characters`)
    if (page.startsWith('/') || page.includes('?')) throw new RangeError(`page "${page}" must have no leading slash and no query`)
    return this.tokens.withToken((token) =>
      this.http.requestImage({
        method: 'POST',
        path: PATH,
        query: { access_token: token },
        body: { scene, page, check_path: this.envVersion === 'release', env_version: this.envVersion, width: 430 },
      }),
    )
  }
}
