import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ClientBase } from 'pg'
import { readMigrations, type Migration } from '../sqlite/migrate.js'

/** The PostgreSQL history, derived from schema.prisma (npm run db:derive-pg) and committed. */
export const POSTGRES_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/postgresql/migrations')

export const isPostgresUrl = (url: string | undefined): url is string => /^postgres(ql)?:\/\//.test(url ?? '')

export function readPostgresMigrations(dir = POSTGRES_MIGRATIONS_DIR): Migration[] {
  return readMigrations(dir)
}

// The same table, byte for byte, that Prisma's schema engine creates on PostgreSQL (plus
// IF NOT EXISTS), so that `prisma migrate deploy` / `migrate status` agree with what we did.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`

// The key Prisma's schema engine locks (pg_advisory_lock) while it migrates: taking the same
// one makes our appliers wait for each other and for a `prisma migrate deploy` elsewhere.
const MIGRATION_LOCK_KEY = 72707369

/**
 * Applies the committed PostgreSQL migrations this database has not seen yet, each in its own
 * transaction together with its `_prisma_migrations` row, and returns their names. `client`
 * must be one connection (a Client or a pool's client) outside any transaction. Safe to run
 * from several processes at once: each transaction first takes an advisory lock, then
 * re-checks what is applied. Refuses to go on if an earlier migration failed half-way or an
 * applied migration's file was edited. A migration therefore must not manage transactions
 * itself (no BEGIN/COMMIT, no CREATE INDEX CONCURRENTLY).
 */
export async function applyPostgresMigrations(client: ClientBase, migrations = readPostgresMigrations()): Promise<string[]> {
  const applied: string[] = []
  await inTransaction(client, () => client.query(CREATE_MIGRATIONS_TABLE))
  for (const migration of migrations) {
    const done = await inTransaction(client, async () => {
      const { rows } = await client.query<{ checksum: string; finished: boolean }>(
        `SELECT checksum, finished_at IS NOT NULL AS finished FROM _prisma_migrations
         WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        [migration.name],
      )
      if (rows.some((r) => !r.finished)) {
        throw new Error(`migration ${migration.name} failed earlier; fix the database, then mark it rolled back`)
      }
      const finished = rows.find((r) => r.finished)
      if (finished) {
        if (finished.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was edited after it was applied; add a new migration instead`)
        }
        return true
      }
      // No parameters: the simple query protocol runs a whole multi-statement script.
      await client.query(migration.sql)
      // started_at is when the transaction began, finished_at the clock after the script.
      await client.query(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      )
      return false
    })
    if (!done) applied.push(migration.name)
  }
  return applied
}

async function inTransaction<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    const result = await work()
    await client.query('COMMIT')
    return result
  } catch (error) {
    // The first error is the one worth reporting; a lost connection rolls back by itself.
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}
