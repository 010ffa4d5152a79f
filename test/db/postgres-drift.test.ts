import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { POSTGRES_MIGRATIONS, ROOT, SQLITE_SCHEMA, derivePostgresSchema, writePostgresSchema } from '../../prisma/postgresql-schema.mjs'
import { diffPostgresMigrationsToSchema } from '../../prisma/postgresql.js'
import { hasPostgres, postgresServerUrl } from '../helpers/postgres.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A copy of the repo's prisma/ folder to change things in. */
function prismaCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lingqian-pg-drift-'))
  dirs.push(root)
  cpSync(path.join(ROOT, 'prisma'), path.join(root, 'prisma'), { recursive: true })
  return root
}

describe('the derived PostgreSQL schema', () => {
  it('is schema.prisma with only the provider and the client folder changed', () => {
    const source = readFileSync(path.join(ROOT, SQLITE_SCHEMA), 'utf8')
    const derived = derivePostgresSchema(source)
    expect(derived).toMatch(/^datasource db \{\n {2}provider = "postgresql"\n\}/m)
    expect(derived).toMatch(/^ {2}output\s+= "\.\.\/\.\.\/core\/db\/generated\/postgresql"$/m)
    const models = (schema: string) => schema.slice(schema.indexOf('\nmodel '))
    expect(models(derived)).toBe(models(source))
  })

  it('refuses a schema.prisma whose datasource is not SQLite', () => {
    expect(() => derivePostgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/"sqlite"/)
  })
})

describe.skipIf(!hasPostgres)('schema.prisma and prisma/postgresql/migrations', () => {
  it('have not drifted apart (run `npm run db:derive-pg -- --name <what>` after changing the schema)', async () => {
    const root = prismaCopy()
    const schema = writePostgresSchema(root)
    expect(await diffPostgresMigrationsToSchema(postgresServerUrl!, path.join(ROOT, POSTGRES_MIGRATIONS), schema)).toBe('')
  })

  it('the drift check itself notices a schema change', async () => {
    const root = prismaCopy()
    const schemaPath = path.join(root, SQLITE_SCHEMA)
    writeFileSync(schemaPath, readFileSync(schemaPath, 'utf8').replace('  @@map("users")', '  @@index([firstName])\n  @@map("users")'))
    const schema = writePostgresSchema(root)
    const sql = await diffPostgresMigrationsToSchema(postgresServerUrl!, path.join(root, POSTGRES_MIGRATIONS), schema)
    expect(sql).toMatch(/CREATE INDEX "users_first_name_idx" ON "users"\("first_name"\)/)
  })
})
