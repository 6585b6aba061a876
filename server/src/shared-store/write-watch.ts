/**
 * A Kysely plugin that reports every INSERT, UPDATE and DELETE on the tables cached answers are
 * built from, whichever module makes it (rooms and goods routes, the console, ZEGO callbacks,
 * orders reserving and returning stock, and whatever is added later). Reported after the
 * statement ran; with SQLite (one connection) no reader can see the old rows after that. With
 * PostgreSQL a reader on another connection can until the transaction commits, so the change is
 * reported once more shortly after.
 */
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode'])

/** Table names anywhere in a write (its target, and tables its subqueries read, which over-reports harmlessly). */
function tablesOf(node: unknown, found: Set<string>, depth = 0): void {
  if (depth > 12 || node === null || typeof node !== 'object') return
  if (Array.isArray(node)) {
    for (const item of node) tablesOf(item, found, depth + 1)
    return
  }
  const op = node as OperationNode & { table?: { identifier?: { name?: unknown } } }
  if (op.kind === 'TableNode' && typeof op.table?.identifier?.name === 'string') found.add(op.table.identifier.name)
  for (const value of Object.values(node)) if (typeof value === 'object') tablesOf(value, found, depth + 1)
}

export interface WriteWatchOptions {
  /** Table → what to call when it was written. */
  tables: Record<string, () => void>
  /** Call again this long after a write (PostgreSQL: after its transaction commits); 0 = no. */
  settleMs: number
}

export class WriteWatch implements KyselyPlugin {
  private readonly pending = new WeakMap<object, Set<string>>()

  constructor(private readonly options: WriteWatchOptions) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (WRITES.has(args.node.kind)) {
      const found = new Set<string>()
      tablesOf(args.node, found)
      const watched = [...found].filter((t) => this.options.tables[t] !== undefined)
      if (watched.length > 0) this.pending.set(args.queryId, new Set(watched))
    }
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const tables = this.pending.get(args.queryId)
    if (tables !== undefined) {
      this.pending.delete(args.queryId)
      for (const table of tables) this.report(table)
    }
    return args.result
  }

  private report(table: string): void {
    const changed = this.options.tables[table]
    if (changed === undefined) return
    changed()
    if (this.options.settleMs > 0) setTimeout(changed, this.options.settleMs).unref()
  }
}
