import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { STARTUP_BUSY_TIMEOUT_MS, type SqliteDatabase } from './connection.js'

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations')

// The same table, byte for byte, that Prisma's schema engine creates on SQLite, so that
// `prisma migrate deploy` / `migrate status` on a connected machine agree with what we did.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`

export interface Migration {
  name: string
  sql: string
  /** sha256 hex of the file's bytes: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, 'migration.sql'))
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') }
    })
}

/** Prisma writes its timestamps like this on SQLite. */
const prismaTimestamp = (date: Date) => date.toISOString().replace('Z', '+00:00')

/**
 * Applies the committed migrations that this database has not seen yet, each in its own
 * transaction together with its `_prisma_migrations` row. Safe to run from several processes
 * at once: BEGIN IMMEDIATE serialises them and each re-checks what is applied. Refuses to go
 * on if an earlier migration failed half-way or an applied migration's file was edited.
 */
export function applyMigrations(db: SqliteDatabase, migrations = readMigrations()): string[] {
  // Start-up only: nothing else runs yet, so SQLite may wait for a second process that is
  // migrating at the same moment.
  const busyTimeout = db.pragma('busy_timeout', { simple: true })
  db.pragma(`busy_timeout = ${STARTUP_BUSY_TIMEOUT_MS}`)
  try {
    return applyEach(db, migrations)
  } finally {
    db.pragma(`busy_timeout = ${Number(busyTimeout)}`)
  }
}

function applyEach(db: SqliteDatabase, migrations: Migration[]): string[] {
  db.exec(CREATE_MIGRATIONS_TABLE)
  const applied: string[] = []
  for (const migration of migrations) {
    db.exec('BEGIN IMMEDIATE')
    try {
      const rows = db
        .prepare(`SELECT checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE migration_name = ?`)
        .all(migration.name) as Array<{ checksum: string; finished_at: unknown; rolled_back_at: unknown }>
      const live = rows.filter((r) => r.rolled_back_at === null)
      if (live.some((r) => r.finished_at === null)) {
        throw new Error(`migration ${migration.name} failed earlier; fix the database, then mark it rolled back`)
      }
      const done = live.find((r) => r.finished_at !== null)
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was edited after it was applied; add a new migration instead`)
        }
        db.exec('COMMIT')
        continue
      }
      const startedAt = prismaTimestamp(new Date())
      db.exec(migration.sql)
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
      ).run(randomUUID(), migration.checksum, prismaTimestamp(new Date()), migration.name, startedAt)
      db.exec('COMMIT')
      applied.push(migration.name)
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK')
      throw error
    }
  }
  return applied
}
