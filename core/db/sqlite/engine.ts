import type { PostingWatch } from '../posting-watch.js'
import type { Clock } from '../clock.js'
import type { Tx, UnitOfWork } from '../port.js'
import { lockWhenFree } from './busy.js'
import { openSqlite, type SqliteDatabase } from './connection.js'
import { storageRefusal } from './errors.js'
import { GroupCommitWriter } from './group-commit.js'
import { applyMigrations } from './migrate.js'
import { Mutex } from './mutex.js'
import type { SharedConnection } from './prisma-adapter.js'
import { StatementCache } from './statement-cache.js'
import { SqliteTx } from './tx.js'

/**
 * The SQLite engine: the process's one connection (several connections or Prisma clients on
 * one file only fight over its lock), shared under one mutex by the group-commit writer (units
 * of work), reads and Prisma.
 */
export class SqliteEngine {
  readonly sqlite: SqliteDatabase
  readonly connection: SharedConnection
  readonly writer: GroupCommitWriter
  readonly #reads: StatementCache

  constructor(
    file: string,
    private readonly clock: Clock,
    private readonly lockWaitMs: number,
    migrate: boolean,
  ) {
    this.sqlite = openSqlite(file)
    if (migrate) applyMigrations(this.sqlite)
    this.connection = { db: this.sqlite, mutex: new Mutex() }
    this.writer = new GroupCommitWriter(this.connection, clock, lockWaitMs)
    this.#reads = new StatementCache(this.sqlite)
  }

  write<T>(unit: UnitOfWork<T>, watch?: PostingWatch): Promise<T> {
    return this.writer.run(unit, watch)
  }

  /**
   * Reads, never inside someone else's open transaction (it could hold a batch's uncommitted
   * writes). A snapshot read (several statements: reports, the auditor) holds the connection
   * for one read transaction. Any other read takes the connection for each statement alone,
   * at once when it is free: holding it across the read's promise hops made every concurrent
   * reader queue behind every other, which cost a /balance half its throughput.
   */
  async read<T>(fn: (tx: Tx) => Promise<T>, snapshot: boolean): Promise<T> {
    if (!snapshot) return this.#readStatements(fn)
    const { release } = await lockWhenFree(this.connection.mutex, this.lockWaitMs, () => this.#reads.get('BEGIN').run())
    const tx = new SqliteTx(this.#reads, this.clock.now(), this.writer.memo)
    try {
      return await fn(tx)
    } catch (error) {
      throw storageRefusal(error) ?? error
    } finally {
      tx.close()
      if (this.sqlite.inTransaction) this.#reads.get('COMMIT').run()
      release()
    }
  }

  async #readStatements<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = new SqliteTx(this.#reads, this.clock.now(), this.writer.memo, this.connection.mutex)
    try {
      return await fn(tx)
    } catch (error) {
      throw storageRefusal(error) ?? error
    } finally {
      tx.close()
    }
  }

  /** A whole script outside any unit of work (operators, tests). */
  async exec(script: string): Promise<void> {
    await this.connection.mutex.runExclusive(() => this.sqlite.exec(script))
  }

  async close(): Promise<void> {
    await this.writer.drain()
    await this.connection.mutex.runExclusive(() => this.sqlite.close())
  }
}
