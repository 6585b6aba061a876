/**
 * Where uploaded images go. `put` either stores the whole image and answers where it is read
 * from, or stores nothing and throws a StorageError: a failed upload never leaves part of a file.
 */
import fs from 'node:fs'
import path from 'node:path'

export type StorageFailure = 'rejected' | 'unavailable'

export class StorageError extends Error {
  constructor(
    /** rejected: the store answered an error (403, 5xx); unavailable: it did not answer in time or at all. */
    readonly failure: StorageFailure,
    message: string,
  ) {
    super(message)
    this.name = 'StorageError'
  }
}

export interface StoredImage {
  /** An absolute URL, or a path on this server (`/uploads/…`) the route makes absolute. */
  url: string
}

export interface ImageStore {
  readonly kind: 'local' | 's3'
  put(name: string, data: Buffer, contentType: string): Promise<StoredImage>
}

/** The local disk: written to a temporary file and renamed, so a reader never sees half an image. */
export class LocalImageStore implements ImageStore {
  readonly kind = 'local' as const

  constructor(readonly dir: string) {}

  async put(name: string, data: Buffer): Promise<StoredImage> {
    await fs.promises.mkdir(this.dir, { recursive: true })
    const partial = path.join(this.dir, `.${name}.partial`)
    try {
      await fs.promises.writeFile(partial, data, { flag: 'wx' })
      await fs.promises.rename(partial, path.join(this.dir, name))
    } catch (err) {
      await fs.promises.rm(partial, { force: true })
      throw new StorageError('unavailable', `the image could not be written to the upload directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
    }
    return { url: `/uploads/${name}` }
  }
}
