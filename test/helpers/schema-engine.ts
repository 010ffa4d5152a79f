/**
 * Drives Prisma's schema engine (the WASM build from @prisma/schema-engine-wasm, a dev
 * dependency) in-process to diff the committed migrations against schema.prisma — the same
 * question `prisma migrate diff --from-migrations --to-schema` answers, without the native
 * engine binary our build machines cannot download.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)

interface WasmEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout?: string }>
  free(): void
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => unknown
  Instance: new (module: unknown, imports: Record<string, unknown>) => { exports: Record<string, unknown> }
}

let engineFactory: Promise<() => Promise<WasmEngine>> | undefined

/** The WASM module is instantiated once per process; a second instance corrupts the first. */
function loadEngine(): Promise<WasmEngine> {
  engineFactory ??= instantiate()
  return engineFactory.then((create) => create())
}

async function instantiate(): Promise<() => Promise<WasmEngine>> {
  const g = globalThis as Record<string, unknown>
  g.PRISMA_WASM_PANIC_REGISTRY ??= { message: '', set_message(this: { message: string }, m: string) { this.message = m } }
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const runtime = await import(pathToFileURL(bgPath).href)
  const wasm = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'))
  // Our TypeScript lib (ES2023, no DOM) has no WebAssembly types; Node has the global.
  const { Instance, Module } = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const instance = new Instance(new Module(wasm), { './schema_engine_bg.js': runtime })
  runtime.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
  // No database is needed to diff two schema sources; the engine only wants an adapter factory.
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils')
  const base = new PrismaBetterSqlite3({ url: ':memory:' })
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => acceptScripts(await base.connect()),
    connectToShadowDb: async () => acceptScripts(await base.connectToShadowDb()),
  })
  return () => runtime.SchemaEngine.new({ datamodels: undefined }, () => {}, factory)
}

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
  const migrationsDir = path.join(root, 'prisma', 'migrations')
  const schemaPath = path.join(root, 'prisma', 'schema.prisma')
  const engine = await loadEngine()
  try {
    const result = await engine.diff({
      from: {
        tag: 'migrations',
        baseDir: migrationsDir,
        lockfile: { path: 'migration_lock.toml', content: readFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'utf8') },
        migrationDirectories: readdirSync(migrationsDir, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
          .sort()
          .map((name) => ({
            path: name,
            migrationFile: {
              path: 'migration.sql',
              content: { tag: 'ok', value: readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
            },
          })),
        shadowDbInitScript: '',
      },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    })
    return result.exitCode === 2 ? (result.stdout ?? '') : ''
  } finally {
    engine.free()
  }
}
