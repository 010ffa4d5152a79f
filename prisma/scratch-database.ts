/**
 * Throwaway databases on a PostgreSQL server: the schema engine's shadow databases and each
 * PostgreSQL test's own database. Created through a connection to the database named in the
 * server's URL (its role needs CREATEDB), dropped with FORCE so a leaked connection cannot
 * keep one alive.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface ScratchDatabase {
  /** The server's URL with this database in it. */
  url: string
  name: string
  /** Drops the database (closing whatever is still connected to it); safe to call twice. */
  drop(): Promise<void>
}

/** `url` with its database replaced by `database` (user, host, port and options kept). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

const DROP_ATTEMPTS = 20
const DROP_RETRY_MS = 100

/**
 * FORCE terminates the database's connections, but a role without superuser may not end a
 * server process of another role: an autovacuum worker that happens to be in the database
 * makes the drop fail with insufficient_privilege. The worker is done in moments; try again.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt === DROP_ATTEMPTS) throw error
      await new Promise((resolve) => setTimeout(resolve, DROP_RETRY_MS))
    }
  }
}

/** A new empty database named `<prefix>_<random>` on the server of `serverUrl`. */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`bad database name prefix: ${prefix}`)
  const name = `${prefix}_${randomBytes(8).toString('hex')}`
  await onServer(serverUrl, `CREATE DATABASE "${name}"`)
  let dropped: Promise<void> | undefined
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () => (dropped ??= dropDatabase(serverUrl, name)),
  }
}
