import type { Statement } from 'better-sqlite3'
import type { SqlValue, Tx } from '../port.js'
import type { Mutex } from './mutex.js'
import type { StatementCache } from './statement-cache.js'

/**
 * A unit of work's handle on SQLite. better-sqlite3 is synchronous, so every call resolves
 * at once (in a microtask): a unit that awaits only this handle runs to its end before the
 * event loop moves on, which is how the writer tells it apart from one that awaited
 * something slow. Closed when its unit ends; a late call is a bug, and throws.
 *
 * A handle given a mutex (a read outside any transaction) takes the connection for each
 * statement alone; the writer's handles run inside the transaction that already holds it.
 */
export class SqliteTx implements Tx {
  postings = 0
  /** Whether any statement of this unit changed a row: a failure then has something to undo. */
  wrote = false
  #open = true

  constructor(
    private readonly statements: StatementCache,
    readonly now: Date,
    readonly memo: Map<string, unknown>,
    private readonly perStatement?: Mutex,
  ) {}

  close(): void {
    this.#open = false
  }

  // An UPDATE or INSERT … RETURNING read through get/all has changed a row when it returns one.
  async get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined> {
    return this.#locked(() => {
      const statement = this.#statement(sql)
      const row = statement.get(...forSqlite(params)) as T | undefined
      if (row !== undefined && !statement.readonly) this.wrote = true
      return row
    })
  }

  async all<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
    return this.#locked(() => {
      const statement = this.#statement(sql)
      const rows = statement.all(...forSqlite(params)) as T[]
      if (rows.length > 0 && !statement.readonly) this.wrote = true
      return rows
    })
  }

  async run(sql: string, ...params: SqlValue[]): Promise<number> {
    return (await this.#write(sql, params)).changes
  }

  async insert(sql: string, ...params: SqlValue[]): Promise<number | undefined> {
    const info = await this.#write(sql, params)
    return info.changes === 0 ? undefined : Number(info.lastInsertRowid)
  }

  #write(sql: string, params: SqlValue[]) {
    return this.#locked(() => {
      const info = this.#statement(sql).run(...forSqlite(params))
      if (info.changes > 0) this.wrote = true
      return info
    })
  }

  /** Runs one statement: at once inside a transaction, else holding the connection for it alone. */
  #locked<T>(statement: () => T): T | Promise<T> {
    const mutex = this.perStatement
    if (!mutex) return statement()
    const release = mutex.tryAcquire()
    if (release) {
      try {
        return statement()
      } finally {
        release()
      }
    }
    return mutex.acquire().then((later) => {
      try {
        return statement()
      } finally {
        later()
      }
    })
  }

  #statement(sql: string): Statement {
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
