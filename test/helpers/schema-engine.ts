/**
 * The SQLite drift check: Prisma's schema engine (WASM, in-process) diffs the committed
 * migrations against schema.prisma — the same question `prisma migrate diff
 * --from-migrations --to-schema` answers, without the native engine binary.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createSchemaEngine, diffMigrationsToDatamodel, readMigrationList } from '../../prisma/schema-engine.js'

type Adapter = Awaited<ReturnType<InstanceType<typeof import('@prisma/adapter-better-sqlite3').PrismaBetterSqlite3>['connect']>>

/**
 * The engine replays each migration.sql into its shadow database with executeRaw, which
 * better-sqlite3 only accepts for a single statement; run multi-statement scripts whole.
 */
function acceptScripts(adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter)
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query)
    await adapter.executeScript(query.sql)
    return 0
  }
  return adapter
}

/** Returns the SQL that would bring the migrations up to schema.prisma; '' when in sync. */
export async function diffMigrationsToSchema(root: string): Promise<string> {
  const schemaPath = path.join(root, 'prisma', 'schema.prisma')
  // No real database is needed: the shadow database the migrations replay into is in memory.
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
  const base = new PrismaBetterSqlite3({ url: ':memory:' })
  const engine = await createSchemaEngine({
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => acceptScripts(await base.connect()),
    connectToShadowDb: async () => acceptScripts(await base.connectToShadowDb()),
  })
  try {
    return await diffMigrationsToDatamodel(engine, readMigrationList(path.join(root, 'prisma', 'migrations')), {
      path: schemaPath,
      content: readFileSync(schemaPath, 'utf8'),
    })
  } finally {
    engine.free()
  }
}
