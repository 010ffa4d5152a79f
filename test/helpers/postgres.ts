/**
 * PostgreSQL in tests. The suite runs once per engine: PostgreSQL tests run when DATABASE_URL
 * names a PostgreSQL server (CI starts one with .ci/postgres.sh up; so can you, with
 * `npm run pg:up`) and are skipped otherwise:
 *
 *   describe.skipIf(!hasPostgres)('…', () => {
 *     let pgdb: TempPostgresDatabase
 *     beforeEach(async () => { pgdb = await createTempPostgresDatabase({ migrate: true }) })
 *     afterEach(() => pgdb.drop())
 *   })
 *
 * Each test gets a database of its own on that server, so test files running in parallel never
 * share state.
 */
import pg from 'pg'
import { applyPostgresMigrations, isPostgresUrl } from '../../core/db/postgres/migrate.js'
import { createScratchDatabase } from '../../prisma/scratch-database.js'

/** The server the PostgreSQL tests use, or undefined when this run is SQLite only. */
export const postgresServerUrl: string | undefined = isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined

export const hasPostgres = postgresServerUrl !== undefined

export interface TempPostgresDatabase {
  /** A postgresql:// URL naming the new database. */
  url: string
  name: string
  /** Drops the database, closing whatever is still connected to it. Safe to call twice. */
  drop(): Promise<void>
}

/**
 * A new, empty database (`lingqian_test_<random>`) on the server in DATABASE_URL, or with
 * `migrate: true` one with the committed PostgreSQL migrations applied.
 */
export async function createTempPostgresDatabase({ migrate = false }: { migrate?: boolean } = {}): Promise<TempPostgresDatabase> {
  if (!postgresServerUrl) throw new Error('DATABASE_URL is not a postgresql:// URL; guard the test with describe.skipIf(!hasPostgres)')
  const db = await createScratchDatabase(postgresServerUrl, 'lingqian_test')
  if (migrate) {
    try {
      await withPostgresClient(db.url, (client) => applyPostgresMigrations(client))
    } catch (error) {
      await db.drop()
      throw error
    }
  }
  return db
}

/** Runs `work` on a fresh connection to `url` and closes it afterwards. */
export async function withPostgresClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  // A test that fails half-way may drop its database under a client still open here; that
  // client's query in flight rejects anyway, and its 'error' event must not kill the worker.
  client.on('error', () => {})
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
