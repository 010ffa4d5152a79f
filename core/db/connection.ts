import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

export type SqliteDatabase = Database.Database

/** How long a writer waits for another process (an admin CLI, a second bot) to commit. */
export const BUSY_TIMEOUT_MS = 10_000

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
 * (an acknowledged payment survives power loss), foreign keys, and a busy timeout.
 */
export function openSqlite(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
  try {
    db.defaultSafeIntegers(true) // integers come back as bigint: money never passes through a double
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    verifyPragmas(db, file === ':memory:')
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

function verifyPragmas(db: SqliteDatabase, inMemory: boolean): void {
  const read = (name: string) => db.pragma(name, { simple: true })
  const expected: Array<[string, unknown]> = [
    ['journal_mode', inMemory ? 'memory' : 'wal'],
    ['synchronous', 2n], // FULL
    ['foreign_keys', 1n],
    ['busy_timeout', BigInt(BUSY_TIMEOUT_MS)],
  ]
  for (const [name, want] of expected) {
    const got = read(name)
    if (got !== want) {
      throw new Error(`SQLite refused PRAGMA ${name}: wanted ${String(want)}, read back ${String(got)}; not starting`)
    }
  }
}
