/**
 * S3-compatible object storage (as COS, OSS and MinIO speak it), path-style, as a local node:http
 * server. Every signed request's AWS Signature V4 is recomputed here from the documented algorithm
 * with node:crypto (canonical request → string to sign → HMAC chain of date, region, service,
 * `aws4_request`), independently of the client's library, and the signed payload hash is checked
 * against the body. Objects are kept in memory and read back unsigned (a public-read bucket).
 * Faults the real stores produce: 403 SignatureDoesNotMatch, 500 InternalError, and a slow store
 * that keeps the object but does not answer (the client times out).
 */
import { createHash, createHmac } from 'node:crypto'
import http from 'node:http'
import { LoopbackHttpFake } from './loopback-http'

export type SignatureVerdict = 'ok' | 'missing' | 'wrong_key' | 'wrong_scope' | 'expired' | 'mismatch' | 'payload_mismatch' | 'unsigned'

export interface S3LedgerEntry {
  method: string
  bucket: string
  key: string
  signature: SignatureVerdict
  contentType: string | undefined
  bytes: number
}

export type S3Fault =
  | { kind: 'signature' }
  | { kind: 'status'; status: 500 | 503 }
  /** Stores the object, then never answers (until a DELETE of it or the fake closes). */
  | { kind: 'slow' }

export interface StoredObject {
  data: Buffer
  contentType: string
  cacheControl: string | undefined
}

const SKEW_MS = 15 * 60 * 1000

export class FakeS3Server extends LoopbackHttpFake {
  readonly ledger: S3LedgerEntry[] = []
  readonly objects = new Map<string, StoredObject>()
  private readonly faults: { method: string; fault: S3Fault }[] = []

  constructor(
    readonly bucket: string,
    readonly region: string,
    readonly accessKeyId: string,
    private readonly secretAccessKey: string,
    private readonly nowMs: () => number = Date.now,
  ) {
    super()
  }

  /** The next `method` request (PUT by default) fails with `fault`. */
  injectFault(fault: S3Fault, method = 'PUT'): void {
    this.faults.push({ method, fault })
  }

  object(key: string): StoredObject | undefined {
    return this.objects.get(`${this.bucket}/${key}`)
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', 'http://fake')
    const [, bucket = '', ...rest] = url.pathname.split('/')
    const key = rest.map(decodeURIComponent).join('/')
    const method = req.method ?? 'GET'
    const signature = req.headers.authorization === undefined ? 'unsigned' : this.verify(req, url, body)
    this.ledger.push({ method, bucket, key, signature, contentType: req.headers['content-type'], bytes: body.length })

    if (method === 'GET' && signature === 'unsigned') return this.read(res, bucket, key)
    const faultAt = this.faults.findIndex((f) => f.method === method)
    const fault = faultAt < 0 ? undefined : this.faults.splice(faultAt, 1)[0]?.fault
    if (fault?.kind === 'signature' || (signature !== 'ok' && fault === undefined)) {
      const code = signature === 'payload_mismatch' ? 'XAmzContentSHA256Mismatch' : signature === 'expired' ? 'RequestTimeTooSkewed' : 'SignatureDoesNotMatch'
      return this.error(res, signature === 'payload_mismatch' ? 400 : 403, code)
    }
    if (fault?.kind === 'status') return this.error(res, fault.status, fault.status === 500 ? 'InternalError' : 'SlowDown')
    if (bucket !== this.bucket) return this.error(res, 404, 'NoSuchBucket')
    if (key === '') return this.error(res, 400, 'InvalidRequest')

    if (method === 'PUT') {
      this.objects.set(`${bucket}/${key}`, { data: body, contentType: req.headers['content-type'] ?? 'binary/octet-stream', cacheControl: req.headers['cache-control'] })
      if (fault?.kind === 'slow') {
        this.held.push(res)
        return
      }
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` })
      res.end()
      return
    }
    if (method === 'DELETE') {
      this.objects.delete(`${bucket}/${key}`)
      res.writeHead(204)
      res.end()
      return
    }
    return this.error(res, 405, 'MethodNotAllowed')
  }

  private read(res: http.ServerResponse, bucket: string, key: string): void {
    const object = this.objects.get(`${bucket}/${key}`)
    if (object === undefined) return this.error(res, 404, 'NoSuchKey')
    res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.data.length })
    res.end(object.data)
  }

  /** AWS Signature V4 for a header-signed request, by the documented algorithm. */
  private verify(req: http.IncomingMessage, url: URL, body: Buffer): SignatureVerdict {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '')
    if (auth === null) return 'missing'
    const [, accessKeyId, date, region, service, signedHeaders, signature] = auth as unknown as string[]
    if (accessKeyId !== this.accessKeyId) return 'wrong_key'
    if (region !== this.region || service !== 's3') return 'wrong_scope'
    const amzDate = header(req, 'x-amz-date')
    const payloadHash = header(req, 'x-amz-content-sha256')
    const signed = (signedHeaders ?? '').split(';')
    if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(date ?? '') || !['host', 'x-amz-date', 'x-amz-content-sha256'].every((h) => signed.includes(h))) return 'missing'
    const at = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15))
    if (Math.abs(this.nowMs() - at) > SKEW_MS) return 'expired'

    const canonicalUri = url.pathname.split('/').map((s) => rfc3986(decodeURIComponent(s))).join('/')
    const canonicalQuery = [...url.searchParams.entries()]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)])
      .sort(([a = '', x = ''], [b = '', y = '']) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&')
    const canonicalHeaders = signed.map((h) => `${h}:${header(req, h).trim().replace(/\s+/g, ' ')}\n`).join('')
    const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n')
    const scope = `${date}/${region}/s3/aws4_request`
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n')
    const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest()
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${this.secretAccessKey}`, date ?? ''), region ?? ''), 's3'), 'aws4_request')
    if (createHmac('sha256', signingKey).update(stringToSign).digest('hex') !== signature) return 'mismatch'
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'payload_mismatch'
    return 'ok'
  }

  private error(res: http.ServerResponse, status: number, code: string): void {
    res.writeHead(status, { 'content-type': 'application/xml' })
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>fake</RequestId></Error>`)
  }
}

const header = (req: http.IncomingMessage, name: string): string => {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(',') : (v ?? '')
}
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
/** S3's URI encoding: everything but unreserved characters, percent-encoded in upper case. */
const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
