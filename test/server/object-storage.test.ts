/**
 * Console uploads in S3-compatible object storage, against a fake store that recomputes every
 * Signature V4 itself: stored whole at a public URL, or (signature refused, 500, a store that does
 * not answer) a 502/503 naming the file field with nothing kept.
 */
import type { HealthResponse } from '../../miniprogram/core/api-types'
import { ConfigError, loadConfig } from '../../server/src/config'
import { S3ImageStore } from '../../server/src/storage/s3-image-store'
import { defaultPublicBase, type S3StorageConfig } from '../../server/src/storage/storage-config'
import { FakeS3Server } from '../fakes/s3-server'
import { createStaff, staffSignIn, staffWrite, type StaffLogin } from './support/staff-session'
import { baseEnv, createTestServer, type TestServer } from './support/test-server'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const BUCKET = 'shop-images'
const REGION = 'ap-shanghai'
const ACCESS_KEY = 'AKIDEXAMPLE0123456789'
const SECRET = 'fake-secret-key-0123456789abcdefghijklmn'

describe('uploads in object storage', () => {
  const s3 = new FakeS3Server(BUCKET, REGION, ACCESS_KEY, SECRET)
  let server: TestServer
  let staff: StaffLogin
  const s3Env = (over: Record<string, string> = {}): Record<string, string> => ({
    S3_ENDPOINT: s3.baseUrl,
    S3_REGION: REGION,
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: ACCESS_KEY,
    S3_SECRET_ACCESS_KEY: SECRET,
    S3_FORCE_PATH_STYLE: 'true',
    S3_PUBLIC_BASE_URL: `${s3.baseUrl}/${BUCKET}/`,
    S3_TIMEOUT_MS: '300',
    ...over,
  })

  beforeAll(async () => {
    await s3.start()
    server = await createTestServer({ env: s3Env() })
    await createStaff(server, 'storage-op', 'operator')
    staff = await staffSignIn(server, 'storage-op')
  })
  afterAll(async () => {
    await server.close()
    await s3.close()
  })

  const upload = (target: TestServer, login: StaffLogin): Promise<Response> => {
    const form = new FormData()
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'a.png')
    return fetch(`${target.baseUrl}/api/admin/uploads`, { method: 'POST', body: form, headers: staffWrite(login) })
  }
  const puts = () => s3.ledger.filter((e) => e.method === 'PUT')

  it('stores the image whole, signed and with its type, and answers its public URL; /healthz says s3', async () => {
    const res = await upload(server, staff)
    const body = (await res.json()) as { url: string }
    expect({ status: res.status, url: body.url }).toEqual({ status: 201, url: expect.stringMatching(new RegExp(`^${s3.baseUrl}/${BUCKET}/uploads/[0-9a-f]{32}\\.png$`)) })
    const key = body.url.slice(`${s3.baseUrl}/${BUCKET}/`.length)
    expect(puts().at(-1)).toEqual({ method: 'PUT', bucket: BUCKET, key, signature: 'ok', contentType: 'image/png', bytes: PNG.length })
    expect({ same: s3.object(key)?.data.equals(PNG), cache: s3.object(key)?.cacheControl }).toEqual({ same: true, cache: 'public, max-age=31536000, immutable' })
    const back = await fetch(body.url)
    expect({ status: back.status, same: Buffer.from(await back.arrayBuffer()).equals(PNG) }).toEqual({ status: 200, same: true })
    expect((await server.request({ url: '/healthz' })).json<HealthResponse>().storage).toBe('s3')
  })

  it('a server signing with the wrong secret is refused by the store: 502 naming the file, nothing kept', async () => {
    const wrong = await createTestServer({ env: s3Env({ S3_SECRET_ACCESS_KEY: 'not-the-secret-key-0123456789abcdefghij' }) })
    try {
      await createStaff(wrong, 'storage-op', 'operator')
      const login = await staffSignIn(wrong, 'storage-op')
      const before = s3.objects.size
      const res = await upload(wrong, login)
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 502, body: { error: 'storage_failed', field: 'file', message: expect.stringContaining('HTTP 403 SignatureDoesNotMatch') } })
      expect({ verdict: puts().at(-1)?.signature, objects: s3.objects.size }).toEqual({ verdict: 'mismatch', objects: before })
    } finally {
      await wrong.close()
    }
  })

  it.each([
    ['403 SignatureDoesNotMatch', { kind: 'signature' } as const, 502, 'storage_failed', 'HTTP 403 SignatureDoesNotMatch', false],
    ['500 InternalError', { kind: 'status', status: 500 } as const, 502, 'storage_failed', 'HTTP 500 InternalError', true],
    ['a store that keeps the object but does not answer', { kind: 'slow' } as const, 503, 'storage_unavailable', 'did not answer within 300 ms', true],
  ])('%s: the upload fails clearly and nothing is kept', async (_name, fault, status, error, message, deletes) => {
    const before = [...s3.objects.keys()]
    s3.injectFault(fault)
    const res = await upload(server, staff)
    expect({ status: res.status, body: await res.json() }).toEqual({ status, body: { error, field: 'file', message: expect.stringContaining(message) } })
    expect([...s3.objects.keys()]).toEqual(before)
    const [put, after] = s3.ledger.slice(-2)
    // After a 5xx or no answer the key is deleted too, in case the store finished it anyway.
    expect(deletes ? { method: after?.method, key: after?.key, signature: after?.signature } : s3.ledger.at(-1)?.method).toEqual(deletes ? { method: 'DELETE', key: put?.key, signature: 'ok' } : 'PUT')
    expect(server.logs.join('\n')).not.toContain(SECRET)
  })

  it('refuses a half-configured store at start, naming what is missing', () => {
    const env = { ...baseEnv('/tmp/x.sqlite'), S3_BUCKET: BUCKET, S3_REGION: REGION }
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(/S3_ENDPOINT is required[\s\S]*S3_ACCESS_KEY_ID is required[\s\S]*S3_SECRET_ACCESS_KEY is required/)
    expect(() => loadConfig({ ...baseEnv('/tmp/x.sqlite'), S3_ENDPOINT: 'https://cos.ap-shanghai.myqcloud.com' })).toThrow(/S3_ENDPOINT set without S3_BUCKET/)
    expect(loadConfig(baseEnv('/tmp/x.sqlite')).storage.kind).toBe('local')
  })

  it('addresses objects virtual-hosted (COS, OSS) unless path-style is asked for', () => {
    const config: S3StorageConfig = { kind: 's3', endpoint: 'https://cos.ap-shanghai.myqcloud.com', region: REGION, bucket: 'shop-1250000000', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, forcePathStyle: false, publicBaseUrl: '', keyPrefix: 'uploads/', timeoutMs: 1000 }
    const log = server.app.log
    expect(new S3ImageStore(config, log).objectUrl('uploads/a.png')).toBe('https://shop-1250000000.cos.ap-shanghai.myqcloud.com/uploads/a.png')
    expect(new S3ImageStore({ ...config, endpoint: 'http://127.0.0.1:9000', forcePathStyle: true }, log).objectUrl('uploads/a.png')).toBe('http://127.0.0.1:9000/shop-1250000000/uploads/a.png')
    expect(defaultPublicBase('https://oss-cn-hangzhou.aliyuncs.com', 'shop', false)).toBe('https://shop.oss-cn-hangzhou.aliyuncs.com')
  })
})
