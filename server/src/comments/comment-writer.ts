/**
 * Stores delivered comments in batches: the comments that arrive within one turn of the event
 * loop go into live_comments with one multi-row INSERT (one commit) instead of one each. Each
 * caller still learns whether its own comment was stored.
 */
import type { LiveComment } from '../../../miniprogram/contract/comment-schemas'
import type { CommentsRepo } from './comments-repo'

/** 6 columns × 200 rows stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const MAX_BATCH = 200

interface Pending {
  comment: LiveComment
  resolve: () => void
  reject: (err: unknown) => void
}

export class CommentWriter {
  private queue: Pending[] = []
  private flushing: Promise<void> | null = null

  constructor(private readonly repo: Pick<CommentsRepo, 'insert'>) {}

  store(comment: LiveComment): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ comment, resolve, reject })
      if (this.queue.length === 1 && this.flushing === null) setImmediate(() => void this.flush())
    })
  }

  /** Resolves once every comment handed in so far is written (or has failed). */
  async idle(): Promise<void> {
    while (this.flushing !== null || this.queue.length > 0) await (this.flushing ?? this.flush())
  }

  private flush(): Promise<void> {
    if (this.flushing !== null) return this.flushing
    this.flushing = this.drain().finally(() => {
      this.flushing = null
      // Comments handed in while the last batch was being written.
      if (this.queue.length > 0) setImmediate(() => void this.flush())
    })
    return this.flushing
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, MAX_BATCH)
      this.queue = this.queue.slice(batch.length)
      try {
        await this.repo.insert(batch.map((p) => p.comment))
        for (const p of batch) p.resolve()
      } catch (err) {
        if (batch.length === 1) batch[0]?.reject(err)
        // One bad row (its room deleted meanwhile) must not lose the others: each on its own.
        else for (const p of batch) await this.repo.insert([p.comment]).then(p.resolve, p.reject)
      }
    }
  }
}
