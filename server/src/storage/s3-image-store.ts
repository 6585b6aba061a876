/**
 * S3-compatible object storage (COS, OSS, MinIO, S3) through aws4fetch's Signature V4, with the
 * payload hash signed too. A PUT is all or nothing at the store; when it answers 5xx or not in
 * time the key is deleted as well, in case a slow store finished it after we gave up.
 * Neither the secret nor the signed headers reach an error message or a log line.
 */
import { createHash } from 'node:crypto'
import { AwsClient } from 'aws4fetch'
import type { FastifyBaseLogger } from 'fastify'
import { isFetchTimeout } from '../http/fetch-failure'
import { StorageError, type ImageStore, type StoredImage } from './image-store'
import type { S3StorageConfig } from './storage-config'

const CACHE_CONTROL = 'public, max-age=31536000, immutable'

export class S3ImageStore implements ImageStore {
  readonly kind = 's3' as const
  private readonly client: AwsClient

  constructor(
    private readonly config: S3StorageConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    // Retries are ours to decide (none: the console shows the failure and the user retries).
    this.client = new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, service: 's3', region: config.region, retries: 0 })
  }

  /** The object's URL at the store's API endpoint. */
  objectUrl(key: string): string {
    const { endpoint, bucket, forcePathStyle } = this.config
    if (forcePathStyle) return `${endpoint}/${bucket}/${key}`
    const url = new URL(endpoint)
    return `${url.protocol}//${bucket}.${url.host}${url.pathname.replace(/\/+$/, '')}/${key}`
  }

  async put(name: string, data: Buffer, contentType: string): Promise<StoredImage> {
    const key = `${this.config.keyPrefix}${name}`
    const headers = {
      'content-type': contentType,
      'cache-control': CACHE_CONTROL,
      'x-amz-content-sha256': createHash('sha256').update(data).digest('hex'),
    }
    let res: Response
    try {
      res = await this.send('PUT', key, headers, data)
    } catch (err) {
      await this.removeQuietly(key)
      throw new StorageError('unavailable', err instanceof TimeoutError ? `object storage did not answer within ${this.config.timeoutMs} ms` : 'object storage could not be reached')
    }
    if (!res.ok) {
      const code = await errorCode(res)
      // A 5xx may come after the store kept the object; a 4xx (signature, access) stored nothing.
      if (res.status >= 500) await this.removeQuietly(key)
      throw new StorageError('rejected', `object storage refused the image: HTTP ${res.status}${code === null ? '' : ` ${code}`}`)
    }
    await res.body?.cancel()
    return { url: `${this.config.publicBaseUrl}/${key}` }
  }

  private async send(method: 'PUT' | 'DELETE', key: string, headers: Record<string, string>, body?: Buffer): Promise<Response> {
    const signal = AbortSignal.timeout(this.config.timeoutMs)
    const signed = await this.client.sign(this.objectUrl(key), { method, headers, ...(body === undefined ? {} : { body: new Uint8Array(body) }) })
    try {
      return await fetch(signed, { signal })
    } catch (err) {
      throw isFetchTimeout(err, signal) ? new TimeoutError() : err
    }
  }

  private async removeQuietly(key: string): Promise<void> {
    try {
      const res = await this.send('DELETE', key, { 'x-amz-content-sha256': createHash('sha256').digest('hex') })
      await res.body?.cancel()
      if (!res.ok && res.status !== 404) this.log.warn({ key, status: res.status }, 'could not delete an object whose upload failed')
    } catch {
      this.log.warn({ key }, 'could not delete an object whose upload failed: object storage did not answer')
    }
  }
}

class TimeoutError extends Error {}

/** S3's `<Error><Code>…</Code>` (SignatureDoesNotMatch, AccessDenied, InternalError…), or null. */
async function errorCode(res: Response): Promise<string | null> {
  const text = await res.text().catch(() => '')
  return /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1] ?? null
}
