import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { systemClock, type Clock } from './clock.js'
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client.js'
import { PrismaClient } from './generated/sqlite/client.js'
import type { Tx, UnitOfWork } from './port.js'
import type { PostingWatch } from './posting-watch.js'
import { PostgresEngine } from './postgres/engine.js'
import { leaderOnPostgres, leaderOnSqlite, type Leadership } from './leader.js'
import { applyPostgresMigrations, isPostgresUrl } from './postgres/migrate.js'
import { DEFAULT_LOCK_WAIT_MS } from './sqlite/busy.js'
import { sqlitePathFromUrl, type SqliteDatabase } from './sqlite/connection.js'
import { SqliteEngine } from './sqlite/engine.js'
import { createSqliteAdapterFactory } from './sqlite/prisma-adapter.js'

export type { PrismaClient }
export type EngineKind = 'sqlite' | 'postgresql'

/**
 * The wallet's database, on either engine: units of work (`write`), reads, Prisma for typed
 * reads and simple writes, and a leader lock for scheduled jobs. The core sees only this.
 */
export interface Database {
  readonly engine: EngineKind
  readonly prisma: PrismaClient
  readonly clock: Clock
  /**
   * Runs a unit of work: all of it or none, answered after it is committed — durably unless
   * `durable: false`, for bookkeeping whose loss in a crash is harmless (handled-update ids).
   */
  write<T>(unit: UnitOfWork<T>, options?: WriteOptions): Promise<T>
  /**
   * Reads outside any unit of work. Several statements (reports, the auditor) get one
   * consistent snapshot; a single-statement lookup can skip it (`snapshot: false`).
   */
  read<T>(fn: (tx: Tx) => Promise<T>, options?: { snapshot?: boolean }): Promise<T>
  /** Runs a whole SQL script outside any unit of work (operators' tools, tests). */
  exec(script: string): Promise<void>
  /** The leader lock named `name`: at most one process holds it at a time. */
  leadership(name: string): Leadership
  /** Committed transactions and the units of work in them: how much commits are shared. */
  readonly stats: { readonly batches: number; readonly units: number }
  /** SQLite only: the raw connection, for tests that must reach below the port. */
  readonly sqlite?: SqliteDatabase
  close(): Promise<void>
}

export interface WriteOptions {
  durable?: boolean
  /**
   * A row every such unit updates (a system account such as an escrow): units naming the same
   * one are written one after another by the same writer instead of meeting on the row's
   * lock from several connections, where a batch holding it would stall (or deadlock) the
   * others. PostgreSQL only; SQLite has one writer anyway.
   */
  contends?: string
  /** Told, after the commit, how many postings the unit made (watchedDatabase). */
  watch?: PostingWatch
}

export interface OpenDatabaseOptions {
  url: string
  clock?: Clock
  /** Apply pending migrations first (the default: the app migrates itself on start). */
  migrate?: boolean
  /** SQLite: how long work waits for another process's write lock before DATABASE_BUSY. */
  lockWaitMs?: number
  /** PostgreSQL: connections in the pool, so units of work that can run at once. */
  poolSize?: number
}

export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return isPostgresUrl(options.url) ? openPostgres(options) : Promise.resolve(openSqliteDatabase(options))
}

function openSqliteDatabase({ url, clock = systemClock, migrate = true, lockWaitMs = DEFAULT_LOCK_WAIT_MS }: OpenDatabaseOptions): Database {
  const engine = new SqliteEngine(sqlitePathFromUrl(url), clock, lockWaitMs, migrate)
  const prisma = new PrismaClient({
    adapter: createSqliteAdapterFactory(engine.connection, lockWaitMs),
    // One connection: a burst of Prisma transactions queues behind the mutex, so Prisma's
    // default 2 s wait would fail healthy work.
    transactionOptions: { maxWait: 30_000, timeout: 30_000 },
    errorFormat: 'minimal',
  })
  return {
    engine: 'sqlite',
    prisma,
    clock,
    sqlite: engine.sqlite,
    stats: engine.writer.stats,
    // SQLite commits every unit of a batch with one fsync: a non-durable unit costs nothing more.
    write: (unit, { watch } = {}) => engine.write(unit, watch),
    read: (fn, { snapshot = true } = {}) => engine.read(fn, snapshot),
    exec: (script) => engine.exec(script),
    leadership: () => leaderOnSqlite,
    close: once(async () => {
      await engine.writer.drain()
      await prisma.$disconnect()
      await engine.close()
    }),
  }
}

async function openPostgres({ url, clock = systemClock, migrate = true, poolSize = 10 }: OpenDatabaseOptions): Promise<Database> {
  if (migrate) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await applyPostgresMigrations(client)
    } finally {
      await client.end()
    }
  }
  const engine = new PostgresEngine({ url, clock, poolSize })
  // The PostgreSQL client is generated from the same schema: the same models, the same types.
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }), errorFormat: 'minimal' }) as unknown as PrismaClient
  const leaders: Leadership[] = []
  return {
    engine: 'postgresql',
    prisma,
    clock,
    stats: engine.stats,
    write: (unit, { durable = true, watch, contends } = {}) => engine.write(unit, durable, watch, contends),
    read: (fn, { snapshot = true } = {}) => engine.read(fn, snapshot),
    exec: async (script) => void (await engine.pool.query(script)),
    leadership: (name) => {
      const leader = leaderOnPostgres(url, name)
      leaders.push(leader)
      return leader
    },
    close: once(async () => {
      await Promise.all(leaders.map((l) => l.release()))
      await prisma.$disconnect()
      await engine.close()
    }),
  }
}

const once = (fn: () => Promise<void>) => {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}
