import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

export type SqliteDatabase = Database.Database

/**
 * SQLite's own busy timeout is zero: its wait would sleep inside a synchronous call and
 * freeze the whole process. Waiting for another process's lock is done asynchronously
 * instead (busy.ts); only start-up, when nothing else runs yet, lets SQLite wait.
 */
const BUSY_TIMEOUT_MS = 0
export const STARTUP_BUSY_TIMEOUT_MS = 10_000

/**
 * Resolves a `DATABASE_URL` of the form `file:./data/lingqian.db` (relative to the working
 * directory, as Prisma resolves it) to a file path. `file::memory:` is kept for tests.
 */
export function sqlitePathFromUrl(url: string): string {
  if (!url.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL must be a SQLite "file:" URL (got "${url}"); PostgreSQL is the scale-out path, see README.md`,
    )
  }
  const file = url.slice('file:'.length).replace(/\?.*$/, '')
  if (file === ':memory:') return file
  return path.resolve(file)
}

/**
 * Opens the process's one SQLite connection with the settings a wallet needs, and refuses to
 * go on if SQLite did not take them: WAL (readers never block the writer), synchronous=FULL
 * (an acknowledged payment survives power loss), foreign keys, no blocking busy wait,
 * temporary journals in memory (savepoints and multi-row statements journal there; in a file
 * they would cost a write each, for data that only matters until the commit) — and a
 * database it can actually write to.
 */
export function openSqlite(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  let db: SqliteDatabase
  try {
    db = new Database(file, { timeout: STARTUP_BUSY_TIMEOUT_MS })
  } catch (error) {
    throw new Error(`cannot open the database ${file}: ${(error as Error).message}`)
  }
  try {
    db.defaultSafeIntegers(true) // integers come back as bigint: money never passes through a double
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('temp_store = MEMORY')
    assertWritable(db, file)
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    verifyPragmas(db, file === ':memory:')
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/**
 * SQLite opens a file it may not write as read-only without a word, and the first payment
 * would fail. Writing the header's user_version (to the value it has) inside a transaction
 * that is rolled back proves it can write, and changes nothing.
 */
function assertWritable(db: SqliteDatabase, file: string): void {
  try {
    db.exec('BEGIN IMMEDIATE')
    db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`)
    db.exec('ROLLBACK')
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    const code = String((error as { code?: unknown }).code ?? '')
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
      throw new Error(`the database ${file} is read-only (${code}): the wallet must be able to write it and its folder; not starting`)
    }
    throw error
  }
}

function verifyPragmas(db: SqliteDatabase, inMemory: boolean): void {
  const read = (name: string) => db.pragma(name, { simple: true })
  const expected: Array<[string, unknown]> = [
    ['journal_mode', inMemory ? 'memory' : 'wal'],
    ['synchronous', 2n], // FULL
    ['foreign_keys', 1n],
    ['temp_store', 2n], // MEMORY
    ['busy_timeout', BigInt(BUSY_TIMEOUT_MS)],
  ]
  for (const [name, want] of expected) {
    const got = read(name)
    if (got !== want) {
      throw new Error(`SQLite refused PRAGMA ${name}: wanted ${String(want)}, read back ${String(got)}; not starting`)
    }
  }
}
