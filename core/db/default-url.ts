/** The embedded default: a SQLite file under ./data/, created and migrated on start. */
export const DEFAULT_DATABASE_URL = 'file:./data/lingqian.db'
