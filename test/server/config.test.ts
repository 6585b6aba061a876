import { ConfigError, DEFAULT_DATABASE_URL, loadConfig, type Env } from '../../server/src/config'

const valid: Env = { ZEGO_APP_ID: '123', ZEGO_SERVER_SECRET: 'a'.repeat(32), SESSION_SECRET: 's'.repeat(32) }

function problemsOf(env: Env): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('loadConfig', () => {
  it('applies the documented defaults and dev mode without WeChat credentials', () => {
    const config = loadConfig(valid)
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: DEFAULT_DATABASE_URL,
      redisUrl: null,
      wechat: null,
      wechatApiBase: 'https://api.weixin.qq.com',
      wechatLiveDailyBudget: 300,
      zego: { appId: 123, serverSecret: 'a'.repeat(32), tokenTtlSeconds: 3600, callbackSecret: null, apiBase: 'https://rtc-api.zego.im', apiTimeoutMs: 5000 },
      rateLimits: { loginPerMinute: 20, zegoTokenPerMinute: 60, commentsPerMinute: 10, likesPerMinute: 90 },
      zegoCommandsPerSecond: 80,
    })
    expect(config.databaseUrl).toMatch(/^file:data\//)
  })

  it('reports every missing value at once, one message each', () => {
    const problems = problemsOf({})
    expect(problems).toHaveLength(3)
    expect(problems.join('\n')).toMatch(/ZEGO_APP_ID is required/)
    expect(problems.join('\n')).toMatch(/ZEGO_SERVER_SECRET is required/)
    expect(problems.join('\n')).toMatch(/SESSION_SECRET is required/)
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ ZEGO_SERVER_SECRET: 'a'.repeat(31) }, /exactly 32 characters, got 31/],
    [{ ZEGO_APP_ID: '0' }, /ZEGO_APP_ID must be an integer/],
    [{ ZEGO_TOKEN_TTL: '-5' }, /ZEGO_TOKEN_TTL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must start/],
    [{ WECHAT_APPID: 'wx0123456789abcdef' }, /must be set together/],
    [{ WECHAT_APPID: 'nope', WECHAT_APPSECRET: 'x' }, /WECHAT_APPID must look like/],
    [{ WECHAT_API_BASE: 'ftp://x' }, /WECHAT_API_BASE/],
    [{ ZEGO_API_BASE: 'rtc-api.zego.im' }, /ZEGO_API_BASE must be an http\(s\) URL/],
    [{ ZEGO_TIMEOUT_MS: '10' }, /ZEGO_TIMEOUT_MS/],
    [{ RATE_LIMIT_COMMENTS_PER_MINUTE: '0' }, /RATE_LIMIT_COMMENTS_PER_MINUTE/],
    [{ WECHAT_LIVE_DAILY_BUDGET: '1' }, /WECHAT_LIVE_DAILY_BUDGET/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET must be at least 32/],
  ])('rejects %p', (override, message) => {
    const problems = problemsOf({ ...valid, ...override })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(message)
  })

  it('never echoes a secret in its messages', () => {
    const secret = 'S3cr3t-value-that-is-not-32-long'
    expect(problemsOf({ ...valid, ZEGO_SERVER_SECRET: `${secret}!` }).join('\n')).not.toContain(secret)
  })

  it('takes WeChat credentials, PostgreSQL, Redis and overrides', () => {
    const config = loadConfig({
      ...valid,
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@127.0.0.1/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      WECHAT_APPID: 'wx0123456789abcdef',
      WECHAT_APPSECRET: 'secret',
      WECHAT_API_BASE: 'http://127.0.0.1:9999/',
      ZEGO_TOKEN_TTL: '7200',
      WECHAT_LIVE_DAILY_BUDGET: '450',
      ZEGO_API_BASE: 'https://rtc-api-sha.zego.im/',
      RATE_LIMIT_COMMENTS_PER_MINUTE: '30',
    })
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@127.0.0.1/db',
      redisUrl: 'redis://127.0.0.1:6379',
      wechat: { appId: 'wx0123456789abcdef', appSecret: 'secret' },
      wechatApiBase: 'http://127.0.0.1:9999',
      wechatLiveDailyBudget: 450,
      zego: { tokenTtlSeconds: 7200, apiBase: 'https://rtc-api-sha.zego.im' },
      rateLimits: { commentsPerMinute: 30 },
    })
  })

  it('takes the live reminder template and its field keys, or leaves reminders off', () => {
    expect(loadConfig(valid).liveReminders).toBeNull()
    const config = loadConfig({ ...valid, WECHAT_LIVE_TEMPLATE_ID: 'AbC-123_xyz', WECHAT_LIVE_TEMPLATE_FIELDS: 'start:time12, title:character_string3' })
    expect(config.liveReminders).toEqual({ templateId: 'AbC-123_xyz', fields: { title: 'character_string3', start: 'time12' } })
  })

  it.each([
    [{ WECHAT_LIVE_TEMPLATE_ID: 'tmpl' }, /WECHAT_LIVE_TEMPLATE_FIELDS .*required with WECHAT_LIVE_TEMPLATE_ID/],
    [{ WECHAT_LIVE_TEMPLATE_FIELDS: 'title:thing1,start:time2' }, /set without WECHAT_LIVE_TEMPLATE_ID/],
    [{ WECHAT_LIVE_TEMPLATE_ID: 'tmpl', WECHAT_LIVE_TEMPLATE_FIELDS: 'title:thing1' }, /"title:<key>,start:<key>"/],
    [{ WECHAT_LIVE_TEMPLATE_ID: 'tmpl', WECHAT_LIVE_TEMPLATE_FIELDS: 'title:thing1,title:thing2' }, /"title:<key>,start:<key>"/],
    [{ WECHAT_LIVE_TEMPLATE_ID: 'tmpl', WECHAT_LIVE_TEMPLATE_FIELDS: 'name:thing1,start:time2' }, /"title:<key>,start:<key>"/],
    [{ WECHAT_LIVE_TEMPLATE_ID: 'tmpl', WECHAT_LIVE_TEMPLATE_FIELDS: 'title:Thing1,start:time2' }, /"Thing1" is not a template key/],
    [{ WECHAT_LIVE_TEMPLATE_ID: 'tmpl', WECHAT_LIVE_TEMPLATE_FIELDS: 'title:thing,start:time2' }, /"thing" is not a template key/],
    [{ WECHAT_LIVE_TEMPLATE_ID: 'tmpl id', WECHAT_LIVE_TEMPLATE_FIELDS: 'title:thing1,start:time2' }, /WECHAT_LIVE_TEMPLATE_ID must be the template ID/],
  ])('rejects reminder settings %j', (env, message) => {
    const problems = problemsOf({ ...valid, ...env })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(message)
  })
})
