import type { Statement } from 'better-sqlite3'
import type { SqliteDatabase } from './connection.js'

/**
 * Prepared statements by SQL text. Preparing costs more than running a small statement, and
 * Prisma and the ledger send the same few statements over and over. Bounded, so that ad-hoc
 * SQL cannot grow it without end; the oldest entry goes first.
 */
export class StatementCache {
  readonly #statements = new Map<string, Statement>()

  constructor(
    private readonly db: SqliteDatabase,
    private readonly capacity = 500,
  ) {}

  get(sql: string): Statement {
    let stmt = this.#statements.get(sql)
    if (stmt) return stmt
    stmt = this.db.prepare(forSqlite(sql))
    if (this.#statements.size >= this.capacity) {
      const oldest = this.#statements.keys().next().value
      if (oldest !== undefined) this.#statements.delete(oldest)
    }
    this.#statements.set(sql, stmt)
    return stmt
  }
}

/**
 * SQLite has one writer, which holds the whole database for a unit of work: the row locks
 * the shared SQL asks for (`FOR UPDATE`, `FOR UPDATE SKIP LOCKED`) are already held, and the
 * clause is dropped.
 */
export const forSqlite = (sql: string): string => sql.replace(/\s+FOR UPDATE(\s+SKIP LOCKED)?\s*$/i, '')
