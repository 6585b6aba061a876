/**
 * Where console uploads are stored: S3-compatible object storage (COS, OSS, MinIO, S3) when
 * S3_BUCKET is set, with every other S3_* variable it needs; the local disk under UPLOAD_DIR
 * otherwise. Read at start so a half-configured store fails the start naming the variable.
 */
import type { Env } from '../config'

export interface S3StorageConfig {
  kind: 's3'
  /** https://cos.ap-shanghai.myqcloud.com, https://oss-cn-hangzhou.aliyuncs.com, http://127.0.0.1:9000 … */
  endpoint: string
  region: string
  bucket: string
  accessKeyId: string
  secretAccessKey: string
  /** Path-style URLs (`endpoint/bucket/key`, MinIO) rather than virtual-hosted (`bucket.endpoint/key`, COS and OSS). */
  forcePathStyle: boolean
  /** Where the stored images are read from (a CDN or the bucket's public domain), without a trailing slash. */
  publicBaseUrl: string
  /** Keys start with this (no leading slash), e.g. `uploads/`. */
  keyPrefix: string
  timeoutMs: number
}

export type StorageConfig = { kind: 'local'; dir: string } | S3StorageConfig

const HTTP_URL = /^https?:\/\/[^/\s]+(\/[^\s]*)?$/

export function storageConfig(env: Env, uploadDir: string, problems: string[]): StorageConfig {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim()
    return v === undefined || v === '' ? undefined : v
  }
  const bucket = value('S3_BUCKET')
  if (bucket === undefined) {
    const stray = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_PUBLIC_BASE_URL'].filter((n) => value(n) !== undefined)
    if (stray.length > 0) problems.push(`${stray.join(', ')} set without S3_BUCKET: set S3_BUCKET to store uploads in object storage, or unset them`)
    return { kind: 'local', dir: uploadDir }
  }
  const required = (name: string, what: string): string => {
    const v = value(name)
    if (v === undefined) problems.push(`${name} is required with S3_BUCKET (${what})`)
    return v ?? ''
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problems.push('S3_BUCKET must be a bucket name (3-63 lowercase letters, digits, dots and hyphens)')
  const endpoint = required('S3_ENDPOINT', 'the storage endpoint, e.g. https://cos.ap-shanghai.myqcloud.com').replace(/\/+$/, '')
  if (endpoint !== '' && !HTTP_URL.test(endpoint)) problems.push('S3_ENDPOINT must be an http(s) URL')
  const region = required('S3_REGION', 'e.g. ap-shanghai, oss-cn-hangzhou, us-east-1')
  const accessKeyId = required('S3_ACCESS_KEY_ID', 'the access key ID (COS SecretId, OSS AccessKeyId)')
  const secretAccessKey = required('S3_SECRET_ACCESS_KEY', 'the secret key')
  const pathStyle = value('S3_FORCE_PATH_STYLE') ?? 'false'
  if (pathStyle !== 'true' && pathStyle !== 'false') problems.push(`S3_FORCE_PATH_STYLE must be true or false, got "${pathStyle}"`)
  const forcePathStyle = pathStyle === 'true'
  const publicBaseUrl = (value('S3_PUBLIC_BASE_URL') ?? defaultPublicBase(endpoint, bucket, forcePathStyle)).replace(/\/+$/, '')
  if (!HTTP_URL.test(publicBaseUrl)) problems.push('S3_PUBLIC_BASE_URL must be an http(s) URL')
  const keyPrefix = (value('S3_KEY_PREFIX') ?? 'uploads/').replace(/^\/+/, '')
  if (!/^[A-Za-z0-9._/-]{0,200}$/.test(keyPrefix)) problems.push('S3_KEY_PREFIX may contain only letters, digits, ".", "_", "-" and "/"')
  const rawTimeout = value('S3_TIMEOUT_MS') ?? '10000'
  const timeoutMs = Number(rawTimeout)
  if (!/^\d+$/.test(rawTimeout) || timeoutMs < 100 || timeoutMs > 120_000) problems.push(`S3_TIMEOUT_MS must be an integer from 100 to 120000, got "${rawTimeout}"`)
  return { kind: 's3', endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle, publicBaseUrl, keyPrefix, timeoutMs }
}

/** The bucket's own URL when no public base URL is given. */
export function defaultPublicBase(endpoint: string, bucket: string, forcePathStyle: boolean): string {
  if (forcePathStyle || !HTTP_URL.test(endpoint)) return `${endpoint}/${bucket}`
  const url = new URL(endpoint)
  return `${url.protocol}//${bucket}.${url.host}`
}
