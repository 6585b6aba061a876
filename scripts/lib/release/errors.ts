/** A release setting (env var or flag) is missing or malformed; raised before any network call. */
export class ReleaseConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReleaseConfigError'
  }
}

/** WeChat (or the way to it) refused an upload or preview; the message carries the code and likely cause. */
export class ReleaseError extends Error {
  constructor(
    message: string,
    readonly failure: WechatFailure,
  ) {
    super(message)
    this.name = 'ReleaseError'
  }
}

export interface WechatFailure {
  /** WeChat's errCode when the response carried one (the inner one when WeChat wraps it in -1). */
  errCode?: number
  /** miniprogram-ci's own CodeError code: 20001 sign-in, 20002 local signature, 20003 upload CGI. */
  ciCode?: number
  /** What WeChat or the network said, as received. */
  detail: string
  /** The likely cause and what to do; absent when the failure matches nothing known. */
  cause?: string
}

interface KnownCause {
  codes: number[]
  pattern: RegExp
  cause: string
}

/*
 * Which of these are documented, and where:
 * - -10008 "invalid ip": community-documented (juejin/Tencent Cloud write-ups quote
 *   `{"errCode":-10008,"errMsg":"invalid ip: …, reference: …/devtools/ci.html"}`); the official ci
 *   doc only says uploads fail without an IP whitelist entry.
 * - 80051 "source size … exceed max limit": documented in a WeChat community answer that points to
 *   the 2 MB per-package limit of the official subpackages doc.
 * - 80082 plugin permission: documented by WeChat staff answers in the developer community
 *   ("-80082是没有使用对应插件的权限"); miniprogram-ci reports it wrapped as
 *   `{"errCode":-1,"errMsg":"inner upload fail with errcode: 80082, … permission deny"}`.
 * - ci code 20002: miniprogram-ci's own message ("generate local signature fail … content or
 *   encoding of private key file is incorrect"), read from its source.
 * - "invalid signature" after a key reset and "version too long": no published errCode was found;
 *   they are matched on the message text and the causes are assumptions.
 * - network codes (ENOTFOUND, ETIMEDOUT…): Node's own; the ci doc documents HTTPS_PROXY / ci.proxy.
 */
const KNOWN_CAUSES: KnownCause[] = [
  {
    codes: [-10008],
    pattern: /invalid ip/i,
    cause:
      "this runner's public IP is not in the upload IP whitelist: add it in 微信公众平台 → 管理 → 开发管理 → 开发设置 → 小程序代码上传 → IP白名单, or run the job on a runner with a fixed egress IP (see docs/release.md)",
  },
  {
    codes: [80051],
    pattern: /exceed max limit|source size/i,
    cause:
      'a package is over WeChat\'s size limit (2 MB per package): the local budgets should have caught this; run `npm run build` and check dist/package-size.json',
  },
  {
    codes: [80082],
    pattern: /permission deny|no permission to plugin/i,
    cause:
      'the mini-program may not use a plugin it declares (wxlive uses live-player-plugin): add the plugin in 微信公众平台 → 设置 → 第三方设置 → 插件管理 and wait for approval, or drop it from app.json',
  },
  {
    codes: [],
    pattern: /generate local signature fail/i,
    cause:
      'the private key cannot sign: MP_PRIVATE_KEY / MP_PRIVATE_KEY_PATH must hold the .key file exactly as downloaded (PEM, newlines intact)',
  },
  {
    codes: [],
    pattern: /signature/i,
    cause:
      'WeChat rejected the signature: the upload key was probably reset in 微信公众平台 (a reset invalidates the old key) or belongs to another appid; download the current key and update the MP_PRIVATE_KEY secret',
  },
  {
    codes: [],
    pattern: /version.*(too long|length|exceed)|(too long|length).*version/i,
    cause: 'WeChat refused the version string: keep it a short semver such as 1.2.3 (package.json "version" or MP_VERSION)',
  },
  {
    codes: [],
    pattern: /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|getaddrinfo/,
    cause:
      "WeChat's servers (servicewechat.com) could not be reached from this machine: check the runner's network, or route through a proxy with HTTPS_PROXY",
  },
]

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'string') return err
  try {
    return JSON.stringify(err)
  } catch {
    return String(err)
  }
}

/** Every errCode/errcode in the text, in order; WeChat nests the real code inside an outer -1. */
function errCodesIn(text: string): number[] {
  const codes: number[] = []
  for (const match of text.matchAll(/err_?code\\?"?\s*[:=]\s*(-?\d+)/gi)) codes.push(Number(match[1]))
  return codes
}

/** Reads what miniprogram-ci threw and names WeChat's code and the likely cause. */
export function explainWechatError(err: unknown): WechatFailure {
  const detail = messageOf(err).replace(/^(Error: )+/, '')
  const rawCiCode = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  const ciCode = typeof rawCiCode === 'number' ? rawCiCode : undefined
  const codes = errCodesIn(detail)
  const known = KNOWN_CAUSES.find((k) => k.codes.some((c) => codes.includes(c)) || k.pattern.test(detail))
  const errCode = codes.find((c) => known?.codes.includes(c)) ?? codes.filter((c) => c !== -1).pop() ?? codes[0]
  return { errCode, ciCode, detail, cause: known?.cause }
}

/** One paragraph for the terminal: what failed, WeChat's code, what it said, and what to do. */
export function formatWechatFailure(action: string, failure: WechatFailure): string {
  const codes = [
    failure.errCode !== undefined ? `WeChat errCode ${failure.errCode}` : null,
    failure.ciCode !== undefined ? `miniprogram-ci code ${failure.ciCode}` : null,
  ].filter((c): c is string => c !== null)
  const head = `${action} failed${codes.length ? ` (${codes.join(', ')})` : ''}: ${failure.detail}`
  const cause = failure.cause ?? 'unknown cause: search the errCode in the miniprogram-ci docs and the WeChat developer community'
  return `${head}\nlikely cause: ${cause}`
}
