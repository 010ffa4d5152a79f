import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqlite } from '../../core/db/sqlite/connection.js'
import { applyMigrations } from '../../core/db/sqlite/migrate.js'
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR, readPostgresMigrations } from '../../core/db/postgres/migrate.js'
import { createTempPostgresDatabase, hasPostgres, withPostgresClient, type TempPostgresDatabase } from '../helpers/postgres.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function freshDatabase(options?: { migrate?: boolean }): Promise<TempPostgresDatabase> {
  const db = await createTempPostgresDatabase(options)
  cleanups.push(() => db.drop())
  return db
}

const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-pg-migrate-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const tableExists = async (client: pg.ClientBase, name: string) =>
  (await client.query('SELECT to_regclass($1) IS NOT NULL AS found', [name])).rows[0].found as boolean

describe.skipIf(!hasPostgres)('PostgreSQL migrations', () => {
  it('applies every committed migration once and records it the way Prisma does', async () => {
    const db = await freshDatabase()
    await withPostgresClient(db.url, async (client) => {
      const migrations = readPostgresMigrations()
      expect(migrations.length).toBeGreaterThan(0)
      expect(await applyPostgresMigrations(client)).toEqual(migrations.map((m) => m.name))

      const { rows } = await client.query(
        'SELECT id, migration_name, checksum, finished_at, started_at, logs, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
      )
      expect(rows).toHaveLength(migrations.length)
      for (const [i, m] of migrations.entries()) {
        const file = readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, m.name, 'migration.sql'))
        expect(rows[i]).toMatchObject({
          migration_name: m.name,
          checksum: createHash('sha256').update(file).digest('hex'),
          logs: null,
          rolled_back_at: null,
          applied_steps_count: 1,
        })
        expect(rows[i].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
        expect(rows[i].finished_at).toBeInstanceOf(Date)
        expect(rows[i].finished_at.getTime()).toBeGreaterThanOrEqual(rows[i].started_at.getTime())
      }
      expect(await applyPostgresMigrations(client)).toEqual([]) // the second start applies nothing
    })
  })

  it("creates _prisma_migrations with the columns Prisma's schema engine gives it", async () => {
    const db = await freshDatabase({ migrate: true })
    const columns = await withPostgresClient(db.url, async (client) =>
      (
        await client.query(
          `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
        )
      ).rows,
    )
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', length: null, is_nullable: 'NO', column_default: '0' },
    ])
  })

  it('refuses to go on when an applied migration was edited afterwards', async () => {
    const db = await freshDatabase()
    const copy = path.join(tempDir(), 'migrations')
    cpSync(POSTGRES_MIGRATIONS_DIR, copy, { recursive: true })
    await withPostgresClient(db.url, async (client) => {
      await applyPostgresMigrations(client, readPostgresMigrations(copy))
      const first = readPostgresMigrations(copy)[0]!
      writeFileSync(path.join(copy, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`)
      await expect(applyPostgresMigrations(client, readPostgresMigrations(copy))).rejects.toThrow(/edited after it was applied/)
    })
  })

  it('refuses to go on after a migration that failed half-way (as prisma migrate deploy records one)', async () => {
    const db = await freshDatabase({ migrate: true })
    await withPostgresClient(db.url, async (client) => {
      const extra = { name: '29990101000000_extra', sql: 'CREATE TABLE extra (x INTEGER);', checksum: 'c' }
      await client.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ('00000000-0000-4000-8000-000000000000', 'c', $1, now(), 0)`,
        [extra.name],
      )
      await expect(applyPostgresMigrations(client, [...readPostgresMigrations(), extra])).rejects.toThrow(/failed earlier/)
      expect(await tableExists(client, 'extra')).toBe(false)
      // Marked rolled back (`prisma migrate resolve --rolled-back`), it is applied again.
      await client.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [extra.name])
      expect(await applyPostgresMigrations(client, [...readPostgresMigrations(), extra])).toEqual([extra.name])
    })
  })

  it('rolls a failing migration back whole and records nothing', async () => {
    const db = await freshDatabase()
    await withPostgresClient(db.url, async (client) => {
      const bad = { name: '29990101000000_bad', sql: 'CREATE TABLE t (x INTEGER);\nINSERT INTO nowhere VALUES (1);', checksum: 'x' }
      await expect(applyPostgresMigrations(client, [...readPostgresMigrations(), bad])).rejects.toThrow(/relation "nowhere" does not exist/)
      expect(await tableExists(client, 't')).toBe(false)
      const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name')
      expect(rows.map((r) => r.migration_name)).toEqual(readPostgresMigrations().map((m) => m.name)) // the good ones stay
      // The connection is not left inside a failed transaction.
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    })
  })

  it('applies each migration exactly once when several processes start at the same moment', async () => {
    const db = await freshDatabase()
    const extras = Array.from({ length: 3 }, (_, i) => ({
      name: `2999010100000${i}_extra_${i}`,
      // The sleep holds each migration's transaction open, so the others really wait on it.
      sql: `CREATE TABLE extra_${i} (x INTEGER);\nSELECT pg_sleep(0.05);\nINSERT INTO extra_${i} VALUES (${i});`,
      checksum: `extra-${i}`,
    }))
    const migrations = [...readPostgresMigrations(), ...extras]
    const results = await Promise.all(
      Array.from({ length: 4 }, () => withPostgresClient(db.url, (client) => applyPostgresMigrations(client, migrations))),
    )
    expect(results.flat().sort()).toEqual(migrations.map((m) => m.name).sort())
    await withPostgresClient(db.url, async (client) => {
      const { rows } = await client.query('SELECT migration_name, COUNT(*)::int AS n FROM _prisma_migrations GROUP BY migration_name ORDER BY migration_name')
      expect(rows).toEqual(migrations.map((m) => ({ migration_name: m.name, n: 1 })))
      for (const [i] of extras.entries()) {
        expect((await client.query(`SELECT x FROM extra_${i}`)).rows).toEqual([{ x: i }])
      }
    })
  })

  it('builds the same tables and columns as the SQLite migrations, with PostgreSQL types', async () => {
    const db = await freshDatabase({ migrate: true })
    const pgColumns = await withPostgresClient(db.url, async (client) =>
      (
        await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
          `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
        )
      ).rows,
    )

    const sqlite = openSqlite(path.join(tempDir(), 'same.db'))
    cleanups.push(() => sqlite.close())
    applyMigrations(sqlite)
    const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name)
    const sqliteColumns = tables.flatMap((table) =>
      (sqlite.prepare(`SELECT name, type, "notnull" FROM pragma_table_info(?) ORDER BY cid`).all(table) as Array<{ name: string; type: string; notnull: bigint }>).map(
        (c) => ({ table, name: c.name, type: c.type, notNull: c.notnull === 1n }),
      ),
    )

    // Same names, same order, same nullability: raw SQL is shared between the engines.
    expect(pgColumns.map((c) => [c.table_name, c.column_name, c.is_nullable === 'NO'])).toEqual(
      [...sqliteColumns].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)).map((c) => [c.table, c.name, c.notNull]),
    )
    // Money and Telegram ids are 64-bit, times have milliseconds, ids count up by themselves.
    const expectedType: Record<string, string> = {
      BIGINT: 'bigint',
      INTEGER: 'integer',
      TEXT: 'text',
      DATETIME: 'timestamp without time zone',
      BOOLEAN: 'boolean',
    }
    for (const c of sqliteColumns) {
      const pgc = pgColumns.find((p) => p.table_name === c.table && p.column_name === c.name)!
      expect([c.table, c.name, pgc.data_type]).toEqual([c.table, c.name, expectedType[c.type]])
      // (a chat's id is Telegram's, a BIGINT; the platform key is one row, id 1)
      if (c.name === 'id' && c.type === 'INTEGER' && c.table !== 'platform_keys') expect(pgc.column_default).toMatch(/^nextval\(/)
    }
    const precision = await withPostgresClient(db.url, async (client) =>
      (await client.query(`SELECT DISTINCT datetime_precision FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone'`)).rows,
    )
    expect(precision).toEqual([{ datetime_precision: 3 }])
  })
})
