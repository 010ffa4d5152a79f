import type { Database } from './database.js'

/** How many postings the units of work written through a watched database have committed. */
export interface PostingWatch {
  postings: number
}

/**
 * The database, with every unit of work written through it counted into `watch` once it has
 * committed. Passed down explicitly rather than through AsyncLocalStorage, whose promise
 * hooks (on Node 20) cost every promise of the process a fifth of a /balance.
 */
export function watchedDatabase(db: Database, watch: PostingWatch): Database {
  return { ...db, write: (unit, options) => db.write(unit, { ...options, watch }) }
}
