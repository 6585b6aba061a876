import type { FastifyInstance } from 'fastify'
import type { LoginResponse, MeResponse } from '../../../miniprogram/core/api-types'
import { ApiError } from '../errors'
import type { AppContext } from '../http/context'
import { nowSecondsOf } from '../http/context'
import { errorResponses, userSchema } from '../http/schemas'
import { exchangeLoginCode } from '../wechat/code2session'
import { bearerSecurity, currentUser } from './guard'
import { issueSessionToken } from './session-token'

export const DEV_CODE_PREFIX = 'dev:'
const DEV_OPENID = /^[A-Za-z0-9_-]{1,64}$/

export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post<{ Body: { code: string } }>(
    '/api/auth/login',
    {
      config: { rateLimit: { max: ctx.config.rateLimits.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a wx.login code (dev mode: "dev:<openid>")',
        body: {
          type: 'object',
          required: ['code'],
          additionalProperties: false,
          properties: { code: { type: 'string', minLength: 1, maxLength: 128 } },
        },
        response: {
          200: { type: 'object', required: ['token', 'user'], properties: { token: { type: 'string' }, user: userSchema } },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<LoginResponse> => {
      const { code } = request.body
      let openid: string
      if (ctx.config.wechat === null) {
        const devOpenid = code.startsWith(DEV_CODE_PREFIX) ? code.slice(DEV_CODE_PREFIX.length) : ''
        if (!DEV_OPENID.test(devOpenid)) {
          throw new ApiError(400, 'dev_mode', 'the server runs in dev mode without WeChat credentials: sign in with code "dev:<openid>" ([A-Za-z0-9_-]{1,64})', 'code')
        }
        openid = devOpenid
      } else {
        openid = (await exchangeLoginCode(ctx.wechatHttp, ctx.config.wechat, code)).openid
      }
      const user = await ctx.users.findOrCreate(openid)
      return { token: issueSessionToken(ctx.config.sessionSecret, user.id, nowSecondsOf(ctx)), user }
    },
  )

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: bearerSecurity,
        response: { 200: { type: 'object', required: ['user'], properties: { user: userSchema } }, ...errorResponses },
      },
    },
    async (request): Promise<MeResponse> => ({ user: currentUser(request) }),
  )
}
