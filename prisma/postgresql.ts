/**
 * `npm run db:derive-pg -- --name <what>`: keeps the PostgreSQL side in step with
 * prisma/schema.prisma. Writes the derived schema (prisma/postgresql/schema.prisma, not
 * committed), asks Prisma's schema engine what SQL would bring a database built from the
 * committed PostgreSQL migrations up to it, and if that is not nothing, writes it as a new
 * migration prisma/postgresql/migrations/<timestamp>_<what>/migration.sql (committed).
 * `--check` only reports (exit code 2 when a migration is due).
 *
 * The engine replays the migrations into a shadow database, so this needs a PostgreSQL
 * server: DATABASE_URL=postgresql://… (a role with CREATEDB); `npm run pg:up` starts one.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { isPostgresUrl } from '../core/db/postgres/migrate.js'
import { POSTGRES_LOCKFILE, POSTGRES_MIGRATIONS, ROOT, writePostgresSchema } from './postgresql-schema.mjs'
import { createScratchDatabase } from './scratch-database.js'
import { createSchemaEngine, diffMigrationsToDatamodel, readMigrationList } from './schema-engine.js'

const PG_CHAR_OID = 18
const PG_TEXT_OID = 25

type FieldsResult = { fields?: Array<{ dataTypeID: number }> }

/**
 * The engine reads PostgreSQL's catalogs, whose one-byte `"char"` columns (relkind, contype…)
 * @prisma/adapter-pg refuses as an unsupported type. Their text form is the character itself,
 * so this connection reports them as text.
 */
function charColumnsAsText(client: pg.PoolClient): void {
  const relabel = (result: unknown) => {
    for (const one of Array.isArray(result) ? result : [result]) {
      for (const field of (one as FieldsResult | undefined)?.fields ?? []) {
        if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID
      }
    }
    return result
  }
  const original = client.query.bind(client) as (...args: unknown[]) => unknown
  ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const last = args.length - 1
    const callback = args[last]
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => callback(error, error ? result : relabel(result))
      return original(...args)
    }
    const returned = original(...args)
    return returned instanceof Promise ? returned.then(relabel) : returned
  }
}

/**
 * Connections for the engine through @prisma/adapter-pg: the main one to `serverUrl`, and
 * shadow databases created beside it (and dropped when the engine lets them go, or by
 * `release`). Our own shadow databases rather than the adapter's, which drops its database
 * while its own pool still holds connections to it.
 */
function engineAdapters(serverUrl: string) {
  const open: Array<() => Promise<void>> = []
  const connectTo = async (url: string, afterDispose = async () => {}) => {
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    pool.on('connect', charColumnsAsText)
    const adapter: SqlDriverAdapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect()
    const dispose = adapter.dispose.bind(adapter)
    let disposed: Promise<void> | undefined
    // The engine may or may not dispose what it opened; `release` disposes the rest, once.
    adapter.dispose = () => (disposed ??= dispose().then(afterDispose))
    open.push(() => adapter.dispose())
    return adapter
  }
  const probe = new PrismaPg(serverUrl)
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: probe.provider,
    adapterName: probe.adapterName,
    connect: () => connectTo(serverUrl),
    connectToShadowDb: async () => {
      const shadow = await createScratchDatabase(serverUrl, 'lingqian_shadow')
      return connectTo(shadow.url, () => shadow.drop())
    },
  }
  return { factory, release: () => Promise.all(open.map((dispose) => dispose())).then(() => {}) }
}

/**
 * The SQL that would bring a PostgreSQL database built from the migrations in
 * `migrationsDir` up to `schema` (the derived schema's path and text); '' when they agree.
 */
export async function diffPostgresMigrationsToSchema(
  serverUrl: string,
  migrationsDir: string,
  schema: { path: string; content: string },
): Promise<string> {
  const { factory, release } = engineAdapters(serverUrl)
  const engine = await createSchemaEngine(factory)
  try {
    const migrations = readMigrationList(migrationsDir)
    // A history not started yet has no lock file; the engine needs it to pick the connector.
    migrations.lockfile.content ??= POSTGRES_LOCKFILE
    return await diffMigrationsToDatamodel(engine, migrations, schema)
  } finally {
    engine.free()
    await release()
  }
}

/** Prisma's migration folder timestamp (UTC, to the second), after every existing one. */
function nextTimestamp(existing: string[], now = new Date()): string {
  let stamp = now.toISOString().replace(/\D/g, '').slice(0, 14)
  const last = existing.map((name) => name.slice(0, 14)).sort().at(-1)
  if (last && stamp <= last) stamp = String(BigInt(last) + 1n)
  return stamp
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, check: { type: 'boolean', default: false } } })
  const url = process.env.DATABASE_URL
  if (!isPostgresUrl(url)) {
    console.error('db:derive-pg needs a PostgreSQL server for its shadow databases: set DATABASE_URL=postgresql://…')
    console.error('(npm run pg:up starts a throwaway one and prints the line to export)')
    return 1
  }
  const schema = writePostgresSchema(ROOT)
  const dir = path.join(ROOT, POSTGRES_MIGRATIONS)
  const sql = await diffPostgresMigrationsToSchema(url, dir, schema)
  if (!sql) {
    console.log(`${POSTGRES_MIGRATIONS} is up to date with prisma/schema.prisma`)
    return 0
  }
  if (values.check) {
    process.stdout.write(sql)
    console.error(`\n${POSTGRES_MIGRATIONS} is behind prisma/schema.prisma: run npm run db:derive-pg -- --name <what>`)
    return 2
  }
  const name = values.name?.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
  if (!name) {
    console.error('the PostgreSQL schema changed: name the new migration, e.g. npm run db:derive-pg -- --name add_invoices')
    return 1
  }
  const existing = readMigrationList(dir).migrationDirectories.map((d) => d.path)
  const folder = path.join(dir, `${nextTimestamp(existing)}_${name}`)
  mkdirSync(folder, { recursive: true })
  writeFileSync(path.join(folder, 'migration.sql'), sql)
  if (!existsSync(path.join(dir, 'migration_lock.toml'))) writeFileSync(path.join(dir, 'migration_lock.toml'), POSTGRES_LOCKFILE)
  console.log(`wrote ${path.relative(ROOT, path.join(folder, 'migration.sql'))}`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
