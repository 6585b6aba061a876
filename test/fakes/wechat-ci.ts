/**
 * WeChat's code-upload service (servicewechat.com/wxa/ci/*) as miniprogram-ci talks to it, behind
 * the HTTP client miniprogram-ci uses (the `request` package, reached only through its
 * utils/request.js). Tests put `requestThroughFake` in place of that package, so the real
 * miniprogram-ci compiles, signs, packs and sends, and this fake answers what WeChat would:
 *
 * - getrandstr: a one-time random string for the appid;
 * - getattr: the project attributes, only for a signature made with the registered key over
 *   {appid, rand_str} (RSA PKCS#1 v1.5 private-key encryption, which is how miniprogram-ci signs);
 * - upload / testSourceURL (preview): a gzipped package in miniprogram-ci's pack format with the
 *   signature in `ci.signature`; answers the sizes of what it received, and a QR code for previews;
 * - getwhiteextlist: the file types a package may hold;
 * - clientreportv2: miniprogram-ci's own telemetry, accepted and recorded.
 *
 * Every call is kept in a ledger; faults are injected per endpoint, as WeChat's JSON or as a
 * network failure from Node.
 */
import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { EventEmitter } from 'node:events'

interface RequestOptions {
  url: string
  method?: string
  body?: string | Buffer
  headers?: Record<string, string>
}
type RequestCallback = (err: Error | null, response?: { statusCode: number; headers: Record<string, string> }, body?: string) => void

export interface CiCall {
  endpoint: string
  query: Record<string, string>
  json?: Record<string, unknown>
  /** upload / preview: the files of the package as received. */
  files?: Map<string, Buffer>
  /** getattr / upload / preview: whether the signature verified against the registered key. */
  signatureValid?: boolean
}

export type LedgerEntry = Omit<CiCall, 'files'> & { files?: Array<[string, number]> }

export type CiFault = { kind: 'errcode'; errCode: number; errMsg: string } | { kind: 'network'; code: string }

/** The file types WeChat accepts in a mini-program package (miniprogram-ci falls back to the same list). */
export const MINIPROGRAM_FILE_TYPES = ['.wxml', '.wxss', '.wxs', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.js', '.json', '.cer', '.mp3', '.aac', '.m4a', '.mp4', '.wav', '.ogg', '.silk', '.wasm', '.br', '.cur', '.ico', '.skel', '.crt', '.cert']

/** The smallest JPEG header, enough to tell the written QR code is the one WeChat sent. */
export const FAKE_QRCODE_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9])

/** Reads miniprogram-ci's pack format: a 14-byte header, a file index, then the file bytes. */
export function unpack(buf: Buffer): Map<string, Buffer> {
  if (buf[0] !== 0xbe || buf[13] !== 0xed) throw new Error('not a miniprogram-ci package')
  const files = new Map<string, Buffer>()
  const count = buf.readInt32BE(14)
  let at = 18
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readInt32BE(at)
    const name = buf.subarray(at + 4, at + 4 + nameLength).toString('utf8')
    const offset = buf.readInt32BE(at + 4 + nameLength)
    const length = buf.readInt32BE(at + 8 + nameLength)
    files.set(name.replace(/^\//, ''), buf.subarray(offset, offset + length))
    at += 12 + nameLength
  }
  return files
}

export class FakeWechatCi {
  readonly calls: CiCall[] = []
  private readonly randStrings = new Map<string, string>()
  private readonly faults = new Map<string, CiFault>()

  /** The public half of the upload key registered in 微信公众平台 for `appid`. */
  constructor(
    readonly appid: string,
    private readonly registeredKey: crypto.KeyObject,
    private readonly projectAttr: Record<string, unknown>,
  ) {}

  injectFault(endpoint: string, fault: CiFault): void {
    this.faults.set(endpoint, fault)
  }

  callsTo(endpoint: string): CiCall[] {
    return this.calls.filter((c) => c.endpoint === endpoint)
  }

  /** The ledger as plain data (file names and sizes instead of contents), to cross a process boundary. */
  ledger(): LedgerEntry[] {
    return this.calls.map(({ files, ...call }) => ({ ...call, ...(files ? { files: [...files].map(([name, data]) => [name, data.length] as [string, number]) } : {}) }))
  }

  /** The `request(options, callback)` call miniprogram-ci makes; answers asynchronously, like a socket. */
  handle(options: RequestOptions, callback: RequestCallback): EventEmitter & { abort(): void } {
    const handle = Object.assign(new EventEmitter(), { abort: () => undefined })
    const url = new URL(options.url)
    const endpoint = url.pathname.replace(/^\/(wxa|wxa-dev-logic)\/(ci\/)?/, '')
    const call: CiCall = { endpoint, query: Object.fromEntries(url.searchParams) }
    this.calls.push(call)
    setImmediate(() => {
      if (url.host !== 'servicewechat.com') return callback(new Error(`getaddrinfo ENOTFOUND ${url.host}`))
      const fault = this.faults.get(endpoint)
      if (fault?.kind === 'network') return callback(Object.assign(new Error(`${fault.code} servicewechat.com`), { code: fault.code }))
      let answer: Record<string, unknown>
      try {
        answer = this.answer(call, options.body)
      } catch (err) {
        answer = { errCode: -1, errMsg: (err as Error).message }
      }
      if (fault?.kind === 'errcode') answer = { errCode: fault.errCode, errMsg: fault.errMsg }
      callback(null, { statusCode: 200, headers: { 'content-type': 'application/json' } }, JSON.stringify(answer))
    })
    return handle
  }

  private answer(call: CiCall, body: string | Buffer | undefined): Record<string, unknown> {
    switch (call.endpoint) {
      case 'getrandstr': {
        call.json = JSON.parse(String(body)) as Record<string, unknown>
        const randomString = crypto.randomBytes(8).toString('hex')
        this.randStrings.set(String(call.json.appid), randomString)
        return { errCode: 0, errMsg: 'ok', data: { randomString } }
      }
      case 'getattr': {
        call.json = JSON.parse(String(body)) as Record<string, unknown>
        call.signatureValid = this.verify(String(call.json.appid), String(call.json.signature))
        if (!call.signatureValid) return { errCode: -1, errMsg: 'invalid signature' }
        return { errCode: 0, errMsg: 'ok', data: this.projectAttr }
      }
      case 'upload':
      case 'testSourceURL': {
        const files = unpack(zlib.gunzipSync(body as Buffer))
        const signature = JSON.parse(files.get('ci.signature')?.toString('utf8') ?? '{}') as { signature?: string }
        files.delete('ci.signature')
        call.files = files
        call.signatureValid = this.verify(call.query.appid ?? '', signature.signature ?? '')
        if (!call.signatureValid) return { errCode: -1, errMsg: 'invalid signature' }
        const answerBody: Record<string, unknown> = { subpackage_info: this.sizes(files) }
        if (call.endpoint === 'testSourceURL') answerBody.qrcode_img = FAKE_QRCODE_JPEG.toString('base64')
        return { errCode: 0, errMsg: 'ok', body: answerBody }
      }
      case 'getwhiteextlist':
        return { errCode: 0, errMsg: 'ok', data: { miniProgram: MINIPROGRAM_FILE_TYPES } }
      case 'clientreportv2':
        return { errCode: 0, errMsg: 'ok' }
      default:
        return { errCode: -1, errMsg: `no such endpoint: ${call.endpoint}` }
    }
  }

  /** A random string is good for one signature, for the appid it was issued to. */
  private verify(appid: string, signature: string): boolean {
    const issued = this.randStrings.get(appid)
    if (!issued || appid !== this.appid) return false
    try {
      const signed = JSON.parse(
        crypto.publicDecrypt({ key: this.registeredKey, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(signature, 'base64')).toString('utf8'),
      ) as { appid?: string; rand_str?: string }
      this.randStrings.delete(appid)
      return signed.appid === appid && signed.rand_str === issued
    } catch {
      return false
    }
  }

  /** WeChat's subpackage_info: each subpackage root, the main package (__APP__) and the whole (__FULL__). */
  private sizes(files: Map<string, Buffer>): Array<{ name: string; size: number }> {
    const app = JSON.parse(files.get('app.json')?.toString('utf8') ?? '{}') as { subpackages?: Array<{ root: string }>; subPackages?: Array<{ root: string }> }
    const roots = (app.subpackages ?? app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
    const totals = new Map<string, number>([['__APP__', 0]])
    let full = 0
    for (const [name, data] of files) {
      // Source maps travel with the upload for error reports but do not count towards the package.
      if (name.endsWith('.js.map')) continue
      const root = roots.find((r) => name.startsWith(`${r}/`)) ?? '__APP__'
      totals.set(root, (totals.get(root) ?? 0) + data.length)
      full += data.length
    }
    return [{ name: '__FULL__', size: full }, ...[...totals].map(([name, size]) => ({ name, size }))]
  }
}

let active: FakeWechatCi | null = null

/** Routes miniprogram-ci's HTTP calls to the fake a test set up; without one, the network is unreachable. */
export function useFakeWechatCi(fake: FakeWechatCi | null): void {
  active = fake
}

/** Stands in for the `request` package: `request(options, callback)`. */
export function requestThroughFake(options: RequestOptions, callback: RequestCallback): EventEmitter & { abort(): void } {
  if (!active) {
    const handle = Object.assign(new EventEmitter(), { abort: () => undefined })
    setImmediate(() => callback(new Error('getaddrinfo ENOTFOUND servicewechat.com')))
    return handle
  }
  return active.handle(options, callback)
}
