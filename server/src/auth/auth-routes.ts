import type { FastifyPluginAsync } from 'fastify'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { LoginRequestSchema, LoginResponseSchema, MeResponseSchema, type LoginRequest, type LoginResponse, type MeResponse } from '../../../miniprogram/contract/user-schemas'
import { ApiError } from '../errors'
import type { Config } from '../config'
import { exchangeLoginCode } from '../wechat/code2session'
import type { WechatHttp } from '../wechat/wechat-http'
import { bearerSecurity, currentUser } from './guard'
import { issueSessionToken } from './session-token'
import type { UsersRepo } from './users-repo'

export const DEV_CODE_PREFIX = 'dev:'
const DEV_OPENID = /^[A-Za-z0-9_-]{1,64}$/

export interface AuthPluginOptions {
  users: Pick<UsersRepo, 'findOrCreate'>
  sessionSecret: string
  /** null in dev mode: codes are "dev:<openid>" instead of wx.login codes. */
  wechat: Config['wechat']
  wechatHttp: WechatHttp
  /** Sign-ins per client per minute. */
  loginPerMinute: number
  nowSeconds: () => number
}

export const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, { users, sessionSecret, wechat, wechatHttp, loginPerMinute, nowSeconds }) => {
  app.post<{ Body: LoginRequest }>(
    '/api/auth/login',
    {
      config: { rateLimit: { max: loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a wx.login code (dev mode: "dev:<openid>")',
        body: LoginRequestSchema,
        response: { 200: LoginResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<LoginResponse> => {
      const { code } = request.body
      let openid: string
      if (wechat === null) {
        const devOpenid = code.startsWith(DEV_CODE_PREFIX) ? code.slice(DEV_CODE_PREFIX.length) : ''
        if (!DEV_OPENID.test(devOpenid)) {
          throw new ApiError(400, 'dev_mode', 'the server runs in dev mode without WeChat credentials: sign in with code "dev:<openid>" ([A-Za-z0-9_-]{1,64})', 'code')
        }
        openid = devOpenid
      } else {
        openid = (await exchangeLoginCode(wechatHttp, wechat, code)).openid
      }
      const user = await users.findOrCreate(openid)
      return { token: issueSessionToken(sessionSecret, user.id, nowSeconds()), user }
    },
  )

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: bearerSecurity,
        response: { 200: MeResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<MeResponse> => ({ user: currentUser(request) }),
  )
}
