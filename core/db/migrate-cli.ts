/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL now. The bot does the same
 * on every start; this is for operators who want it done (and reported) beforehand.
 */
import { openSqlite, sqlitePathFromUrl } from './connection.js'
import { applyMigrations } from './migrate.js'
import { DEFAULT_DATABASE_URL } from './default-url.js'

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
const db = openSqlite(sqlitePathFromUrl(url))
try {
  const applied = applyMigrations(db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} finally {
  db.close()
}
