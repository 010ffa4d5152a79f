import type { SqlValue, Tx } from '../port.js'
import type { StatementCache } from './statement-cache.js'

/**
 * A unit of work's handle on SQLite. better-sqlite3 is synchronous, so every call resolves
 * at once (in a microtask): a unit that awaits only this handle runs to its end before the
 * event loop moves on, which is how the writer tells it apart from one that awaited
 * something slow. Closed when its unit ends; a late call is a bug, and throws.
 */
export class SqliteTx implements Tx {
  postings = 0
  #open = true

  constructor(
    private readonly statements: StatementCache,
    readonly now: Date,
    readonly memo: Map<string, unknown>,
  ) {}

  close(): void {
    this.#open = false
  }

  async get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined> {
    return this.#statement(sql).get(...forSqlite(params)) as T | undefined
  }

  async all<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
    return this.#statement(sql).all(...forSqlite(params)) as T[]
  }

  async run(sql: string, ...params: SqlValue[]): Promise<number> {
    return this.#statement(sql).run(...forSqlite(params)).changes
  }

  async insert(sql: string, ...params: SqlValue[]): Promise<number | undefined> {
    const info = this.#statement(sql).run(...forSqlite(params))
    return info.changes === 0 ? undefined : Number(info.lastInsertRowid)
  }

  #statement(sql: string) {
    if (!this.#open) throw new Error('this unit of work has ended; its handle cannot be used any more')
    return this.statements.get(sql)
  }
}

/**
 * Dates are stored as Unix milliseconds (sortable, comparable in SQL); booleans as 0/1. In
 * place, on the call's own rest array: this runs for every statement of every payment.
 */
function forSqlite(params: SqlValue[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    const value = params[i]
    if (value instanceof Date) (params as unknown[])[i] = value.getTime()
    else if (typeof value === 'boolean') (params as unknown[])[i] = value ? 1 : 0
  }
  return params
}
