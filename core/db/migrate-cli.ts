/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL now — the SQLite history
 * for a `file:` URL, the PostgreSQL one for a `postgresql://` URL. The bot migrates SQLite
 * itself on every start; this is for operators who want it done (and reported) beforehand.
 */
import pg from 'pg'
import { openSqlite, sqlitePathFromUrl } from './sqlite/connection.js'
import { applyMigrations } from './sqlite/migrate.js'
import { applyPostgresMigrations, isPostgresUrl } from './postgres/migrate.js'
import { DEFAULT_DATABASE_URL } from './default-url.js'

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
let applied: string[]
if (isPostgresUrl(url)) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    applied = await applyPostgresMigrations(client)
  } finally {
    await client.end()
  }
} else {
  const db = openSqlite(sqlitePathFromUrl(url))
  try {
    applied = applyMigrations(db)
  } finally {
    db.close()
  }
}
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
