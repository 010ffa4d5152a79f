import pg from 'pg'

/**
 * A leader lock: of all the processes on one database, at most one holds it at a time, so
 * scheduled jobs run once per tick however many instances there are.
 */
export interface Leadership {
  /** True while this process leads; when it does not, it tries to become the leader. */
  check(): Promise<boolean>
  release(): Promise<void>
}

/** SQLite has one process on its file: it leads. */
export const leaderOnSqlite: Leadership = { check: async () => true, release: async () => {} }

/**
 * PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) held on a connection of its
 * own. A leader that dies (SIGKILL, a lost network) loses its session and with it the lock;
 * another instance's next check takes it over.
 */
export function leaderOnPostgres(url: string, name: string): Leadership {
  const key = lockKey(name)
  let client: pg.Client | undefined
  let leading = false
  const drop = () => {
    void client?.end().catch(() => {})
    client = undefined
    leading = false
  }
  return {
    async check() {
      try {
        if (client && leading) {
          await client.query('SELECT 1') // still our session, so still our lock
          return true
        }
        if (!client) {
          client = new pg.Client({ connectionString: url })
          client.on('error', drop)
          await client.connect()
        }
        leading = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows[0]!.ok
        return leading
      } catch {
        drop()
        return false
      }
    },
    async release() {
      const held = client
      client = undefined
      leading = false
      if (held) await held.end().catch(() => {})
    },
  }
}

/** A stable 31-bit key for a lock name (FNV-1a). */
function lockKey(name: string): number {
  let hash = 0x811c9dc5
  for (const ch of `lingqian:${name}`) hash = Math.imul(hash ^ ch.codePointAt(0)!, 0x01000193) >>> 0
  return hash & 0x7fffffff
}
