import { explainWechatError, formatWechatFailure } from '../../scripts/lib/release/errors'

/** miniprogram-ci's CodeError: an Error with a numeric `code`, the CGI response body as message. */
function codeError(message: string, code: number): Error {
  return Object.assign(new Error(message), { code })
}

describe('explainWechatError', () => {
  it('names the IP whitelist for -10008 "invalid ip"', () => {
    const failure = explainWechatError(
      codeError('Error: {"errCode":-10008,"errMsg":"invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html"}', 20003),
    )
    expect(failure).toMatchObject({ errCode: -10008, ciCode: 20003 })
    expect(failure.detail).toMatch(/^\{"errCode":-10008/)
    expect(failure.cause).toMatch(/IP whitelist.*小程序代码上传/)
  })

  it('names the size limit for 80051', () => {
    const failure = explainWechatError(codeError('Error: {"errCode":80051,"errMsg":"source size 2338KB exceed max limit 2MB"}', 20003))
    expect(failure.errCode).toBe(80051)
    expect(failure.cause).toMatch(/size limit/)
  })

  it('digs the plugin permission code 80082 out of the -1 wrapper', () => {
    const failure = explainWechatError(
      codeError(
        'Error: {"errCode":-1,"errMsg":"inner upload fail with errcode: 80082, errmsg: get plugin(id: wx2b03c6e691cd7370, version: 1.3.5) failed, permission deny"}',
        20003,
      ),
    )
    expect(failure.errCode).toBe(80082)
    expect(failure.cause).toMatch(/插件管理/)
  })

  it('blames the key content when miniprogram-ci cannot sign locally', () => {
    const failure = explainWechatError(
      codeError('generate local signature fail. Usually this happens the content or encoding of private key file is incorrect. Detail: Error: error:1E08010C:DECODER routines::unsupported', 20002),
    )
    expect(failure).toMatchObject({ ciCode: 20002, errCode: undefined })
    expect(failure.cause).toMatch(/cannot sign.*MP_PRIVATE_KEY/)
  })

  it('suggests a reset key for an invalid signature', () => {
    const failure = explainWechatError(codeError('Error: {"errCode":-10006,"errMsg":"invalid signature"}', 20003))
    expect(failure.errCode).toBe(-10006)
    expect(failure.cause).toMatch(/key was probably reset/)
  })

  it('points at the version for a too-long version', () => {
    expect(explainWechatError(new Error('{"errCode":-10009,"errMsg":"version too long"}')).cause).toMatch(/version string/)
  })

  it('recognises an unreachable network', () => {
    const failure = explainWechatError(codeError('Error: getaddrinfo ENOTFOUND servicewechat.com', 20001))
    expect(failure.cause).toMatch(/could not be reached.*HTTPS_PROXY/)
  })

  it('keeps an unknown code and says the cause is unknown', () => {
    const failure = explainWechatError(codeError('Error: {"errCode":-12345,"errMsg":"something new"}', 20003))
    expect(failure).toMatchObject({ errCode: -12345, cause: undefined })
    expect(formatWechatFailure('upload', failure)).toBe(
      'upload failed (WeChat errCode -12345, miniprogram-ci code 20003): {"errCode":-12345,"errMsg":"something new"}\n' +
        'likely cause: unknown cause: search the errCode in the miniprogram-ci docs and the WeChat developer community',
    )
  })
})
