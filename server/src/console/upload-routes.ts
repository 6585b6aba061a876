/**
 * POST /api/admin/uploads (multipart, one `file`): a goods or cover image, at most
 * UPLOAD_MAX_BYTES, JPEG/PNG/WebP/GIF judged by its first bytes (the declared type must agree),
 * stored under a random name in the image store: S3-compatible object storage when configured
 * (answered with its public URL), else UPLOAD_DIR on this server's disk, served at GET /uploads/<name>.
 * A store that fails answers 502 (it refused) or 503 (it did not answer), naming the file field.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import { requireRole } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import { ErrorResponses } from '../../../miniprogram/contract/common-schemas'
import { UploadResponseSchema } from '../../../miniprogram/contract/console-schemas'
import { StorageError, type ImageStore, type StoredImage } from '../storage/image-store'

export const UPLOAD_MAX_BYTES = 2 * 1024 * 1024

const IMAGE_KINDS = [
  { ext: 'jpg', mime: 'image/jpeg', magic: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'png', mime: 'image/png', magic: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'gif', mime: 'image/gif', magic: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { ext: 'webp', mime: 'image/webp', magic: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
] as const

const STORED_NAME = /^[0-9a-f]{32}\.(jpg|png|gif|webp)$/

export interface UploadsPluginOptions {
  /** Where the local image store keeps files, served at /uploads/<name>. */
  uploadDir: string
  imageStore: ImageStore
}

export const uploadsPlugin: FastifyPluginAsync<UploadsPluginOptions> = async (app, { uploadDir, imageStore }) => {
  const dir = path.resolve(uploadDir)
  // One file per request; the size limit is enforced while streaming, not after.
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 0, parts: 1 } })

  app.post(
    '/api/admin/uploads',
    {
      preValidation: requireRole('admin'),
      schema: {
        tags: ['console'],
        summary: `Upload an image (multipart field "file", JPEG/PNG/WebP/GIF, at most ${UPLOAD_MAX_BYTES} bytes); answers its URL`,
        response: { 201: UploadResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new ApiError(415, 'bad_request', 'send the image as multipart/form-data with the field "file"', 'file')
      const file = await request.file()
      if (file === undefined || file.fieldname !== 'file') throw new ApiError(400, 'bad_request', 'the multipart field must be named "file"', 'file')
      let data: Buffer
      try {
        data = await file.toBuffer()
      } catch (err) {
        if (err instanceof app.multipartErrors.RequestFileTooLargeError) throw new ApiError(413, 'file_too_large', `images may be at most ${UPLOAD_MAX_BYTES / 1024 / 1024} MiB`, 'file')
        throw err
      }
      const kind = IMAGE_KINDS.find((k) => k.magic(data))
      if (kind === undefined || kind.mime !== file.mimetype) throw new ApiError(415, 'unsupported_image', 'only JPEG, PNG, WebP or GIF images (the content must match the declared type)', 'file')
      const name = `${randomBytes(16).toString('hex')}.${kind.ext}`
      let stored: StoredImage
      try {
        stored = await imageStore.put(name, data, kind.mime)
      } catch (err) {
        if (!(err instanceof StorageError)) throw err
        request.log.error({ name, store: imageStore.kind, failure: err.failure, reason: err.message }, 'image not stored')
        if (err.failure === 'rejected') throw new ApiError(502, 'storage_failed', `the image was not stored: ${err.message}; nothing was kept, try again`, 'file')
        throw new ApiError(503, 'storage_unavailable', `the image was not stored: ${err.message}; nothing was kept, try again shortly`, 'file')
      }
      request.log.info({ name, bytes: data.length, store: imageStore.kind }, 'image uploaded')
      reply.status(201)
      return { url: stored.url.startsWith('/') ? `${request.protocol}://${request.host}${stored.url}` : stored.url }
    },
  )

  app.get<{ Params: { name: string } }>('/uploads/:name', { schema: { hide: true } }, async (request, reply) => {
    const { name } = request.params
    if (!STORED_NAME.test(name)) throw notFound('upload')
    const kind = IMAGE_KINDS.find((k) => name.endsWith(`.${k.ext}`))
    const data = await fs.promises.readFile(path.join(dir, name)).catch(() => null)
    if (data === null || kind === undefined) throw notFound('upload')
    return reply
      .header('content-type', kind.mime)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(data)
  })
}
