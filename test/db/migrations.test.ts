import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqlite } from '../../core/db/sqlite/connection.js'
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../../core/db/sqlite/migrate.js'
import { diffMigrationsToSchema } from '../helpers/schema-engine.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-migrate-'))
  dirs.push(dir)
  return dir
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('offline migrations', () => {
  it('applies every committed migration once and records it the way Prisma does', () => {
    const db = openSqlite(path.join(tempDir(), 'a.db'))
    const applied = applyMigrations(db)
    const migrations = readMigrations()
    expect(applied).toEqual(migrations.map((m) => m.name))
    const rows = db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name').all() as Array<Record<string, unknown>>
    expect(rows).toHaveLength(migrations.length)
    for (const [i, m] of migrations.entries()) {
      const file = readFileSync(path.join(MIGRATIONS_DIR, m.name, 'migration.sql'))
      expect(rows[i]).toMatchObject({
        migration_name: m.name,
        checksum: createHash('sha256').update(file).digest('hex'),
        rolled_back_at: null,
        applied_steps_count: 1n,
      })
      expect(rows[i]!.finished_at).toMatch(/^\d{4}-\d\d-\d\dT.*\+00:00$/)
    }
    expect(applyMigrations(db)).toEqual([]) // the second start applies nothing
    db.close()
  })

  it('refuses to start when an applied migration was edited afterwards', () => {
    const dir = tempDir()
    const copy = path.join(dir, 'migrations')
    cpSync(MIGRATIONS_DIR, copy, { recursive: true })
    const db = openSqlite(path.join(dir, 'b.db'))
    applyMigrations(db, readMigrations(copy))
    const first = readMigrations(copy)[0]!
    writeFileSync(path.join(copy, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`)
    expect(() => applyMigrations(db, readMigrations(copy))).toThrow(/edited after it was applied/)
    db.close()
  })

  it('rolls a failing migration back whole and records nothing', () => {
    const db = openSqlite(path.join(tempDir(), 'c.db'))
    const bad = { name: '29990101000000_bad', sql: 'CREATE TABLE t (x INTEGER);\nINSERT INTO nowhere VALUES (1);', checksum: 'x' }
    expect(() => applyMigrations(db, [...readMigrations(), bad])).toThrow(/no such table/)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined()
    expect(db.prepare('SELECT COUNT(*) AS n FROM _prisma_migrations WHERE migration_name = ?').get(bad.name)).toEqual({ n: 0n })
    db.close()
  })
})

describe('schema.prisma and prisma/migrations', () => {
  it('have not drifted apart (run `prisma migrate dev` after changing the schema)', async () => {
    expect(await diffMigrationsToSchema(ROOT)).toBe('')
  })

  it('the drift check itself notices a schema change', async () => {
    const dir = tempDir()
    cpSync(path.join(ROOT, 'prisma'), path.join(dir, 'prisma'), { recursive: true })
    const schemaPath = path.join(dir, 'prisma', 'schema.prisma')
    writeFileSync(schemaPath, readFileSync(schemaPath, 'utf8').replace('  @@map("users")', '  @@index([firstName])\n  @@map("users")'))
    expect(await diffMigrationsToSchema(dir)).toMatch(/CREATE INDEX "users_first_name_idx"/)
  })
})
