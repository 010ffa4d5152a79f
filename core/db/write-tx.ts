import type { StatementCache } from './statement-cache.js'

/** A row as better-sqlite3 returns it: integers are bigint (safe integers are on). */
export type Row = Record<string, unknown>

/**
 * The synchronous handle a unit of work gets inside the group-commit writer. There is no
 * `await` in here on purpose: a unit of work cannot call Telegram (or anything slow) while
 * it holds the database, and nothing else can interleave with it.
 */
export class WriteTx {
  /** Postings written through this handle so far (the writer counts them per unit). */
  postings = 0

  constructor(
    private readonly statements: StatementCache,
    /** The batch's clock reading: every row a unit of work writes carries the same time. */
    readonly now: Date,
  ) {}

  get<T = Row>(sql: string, ...params: unknown[]): T | undefined {
    return this.statements.get(sql).get(...params) as T | undefined
  }

  all<T = Row>(sql: string, ...params: unknown[]): T[] {
    return this.statements.get(sql).all(...params) as T[]
  }

  run(sql: string, ...params: unknown[]): { changes: number; lastInsertRowid: bigint } {
    const info = this.statements.get(sql).run(...params)
    return { changes: info.changes, lastInsertRowid: BigInt(info.lastInsertRowid) }
  }

  /** Inserts and returns the new row id as a number (our ids stay far below 2^53). */
  insert(sql: string, ...params: unknown[]): number {
    return Number(this.run(sql, ...params).lastInsertRowid)
  }
}
