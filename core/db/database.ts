import { openSqlite, sqlitePathFromUrl, type SqliteDatabase } from './connection.js'
import { DEFAULT_LOCK_WAIT_MS, whileBusy } from './busy.js'
import { PrismaClient } from './generated/sqlite/client.js'
import { GroupCommitWriter, systemClock, type Clock } from './group-commit.js'
import { applyMigrations } from './migrate.js'
import { Mutex } from './mutex.js'
import { createSqliteAdapterFactory } from './sqlite-adapter.js'
import { StatementCache } from './statement-cache.js'
import { WriteTx } from './write-tx.js'

export type { PrismaClient }

/**
 * The process's one database: one SQLite connection, shared by Prisma (typed reads and simple
 * writes) and the ledger's group-commit writer (money), under one mutex. Several Prisma
 * clients or connections on one file in one process only fight each other over the lock.
 */
export interface Database {
  readonly sqlite: SqliteDatabase
  readonly prisma: PrismaClient
  readonly writer: GroupCommitWriter
  readonly clock: Clock
  /**
   * Runs synchronous raw reads under the connection's mutex, so never inside someone else's
   * open transaction. Several statements (reports, the auditor) get one read transaction, a
   * consistent snapshot; a single-statement lookup can skip it (`snapshot: false`).
   */
  read<T>(fn: (tx: WriteTx) => T, options?: { snapshot?: boolean }): Promise<T>
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  url: string
  clock?: Clock
  /** Apply pending migrations first (the default: the app migrates itself on start). */
  migrate?: boolean
  /** How long work waits for another process's write lock before DATABASE_BUSY. */
  lockWaitMs?: number
}

export function openDatabase({ url, clock = systemClock, migrate = true, lockWaitMs = DEFAULT_LOCK_WAIT_MS }: OpenDatabaseOptions): Database {
  const sqlite = openSqlite(sqlitePathFromUrl(url))
  if (migrate) applyMigrations(sqlite)
  const connection = { db: sqlite, mutex: new Mutex() }
  const prisma = new PrismaClient({
    adapter: createSqliteAdapterFactory(connection, lockWaitMs),
    // SQLite runs one transaction at a time on our one connection; a burst queues behind the
    // mutex, so waiting 2 s (Prisma's default) would fail healthy work (DESIGN.md §8).
    transactionOptions: { maxWait: 30_000, timeout: 30_000 },
  })
  const writer = new GroupCommitWriter(connection, clock, lockWaitMs)
  const readStatements = new StatementCache(sqlite)
  let closed = false
  return {
    sqlite,
    prisma,
    writer,
    clock,
    read: (fn, { snapshot = true } = {}) =>
      whileBusy(connection.mutex, lockWaitMs, () => {
        if (!snapshot) return fn(new WriteTx(readStatements, clock.now()))
        readStatements.get('BEGIN').run()
        try {
          return fn(new WriteTx(readStatements, clock.now()))
        } finally {
          readStatements.get('COMMIT').run()
        }
      }),
    async close() {
      if (closed) return
      closed = true
      await writer.drain()
      await prisma.$disconnect()
      await connection.mutex.runExclusive(() => sqlite.close())
    },
  }
}
