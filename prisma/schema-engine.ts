/**
 * Prisma's schema engine (the WASM build from @prisma/schema-engine-wasm, a dev dependency)
 * driven in-process: it answers `prisma migrate diff` questions (migrations vs schema, schema
 * vs schema) without the native engine binary our build machines cannot download. Used by the
 * drift tests and by the PostgreSQL derivation script; the app never loads it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'

const require = createRequire(import.meta.url)

export interface MigrationList {
  baseDir: string
  lockfile: { path: string; content: string | null }
  migrationDirectories: Array<{ path: string; migrationFile: { path: string; content: { tag: 'ok'; value: string } } }>
  shadowDbInitScript: string
}

export type DiffTarget =
  | { tag: 'empty' }
  | ({ tag: 'migrations' } & MigrationList)
  | { tag: 'schemaDatamodel'; files: Array<{ path: string; content: string }> }

export interface SchemaEngine {
  diff(params: {
    from: DiffTarget
    to: DiffTarget
    script: boolean
    exitCode: boolean
    filters: { externalTables: string[]; externalEnums: string[] }
  }): Promise<{ exitCode: number; stdout?: string | null }>
  free(): void
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => unknown
  Instance: new (module: unknown, imports: Record<string, unknown>) => { exports: Record<string, unknown> }
}

interface Runtime {
  SchemaEngine: { new: (options: unknown, log: (line: string) => void, factory: unknown) => Promise<SchemaEngine> }
}

let runtime: Promise<Runtime> | undefined

/** The WASM module is instantiated once per process; a second instance corrupts the first. */
async function instantiate(): Promise<Runtime> {
  const g = globalThis as Record<string, unknown>
  g.PRISMA_WASM_PANIC_REGISTRY ??= { message: '', set_message(this: { message: string }, m: string) { this.message = m } }
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const bindings = await import(pathToFileURL(bgPath).href)
  const wasm = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'))
  // Our TypeScript lib (ES2023, no DOM) has no WebAssembly types; Node has the global.
  const { Instance, Module } = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const instance = new Instance(new Module(wasm), { './schema_engine_bg.js': bindings })
  bindings.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
  return bindings as Runtime
}

/** A schema engine talking to databases through `factory`'s adapters. Call free() when done. */
export async function createSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  runtime ??= instantiate()
  // The engine expects adapters that hand back results and errors in Prisma's wrapped form.
  return (await runtime).SchemaEngine.new({ datamodels: undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(factory))
}

/** A migrations folder as the engine wants it: every `<name>/migration.sql` in name order. */
export function readMigrationList(dir: string): MigrationList {
  let names: string[] = []
  let lock: string | null = null
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
    lock = readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') } },
    })),
    shadowDbInitScript: '',
  }
}

/**
 * The SQL that would bring a database built from `migrations` up to `schema` (a .prisma
 * file's text); '' when they agree.
 */
export async function diffMigrationsToDatamodel(
  engine: SchemaEngine,
  migrations: MigrationList,
  schema: { path: string; content: string },
): Promise<string> {
  const result = await engine.diff({
    from: { tag: 'migrations', ...migrations },
    to: { tag: 'schemaDatamodel', files: [schema] },
    script: true,
    exitCode: true,
    filters: { externalTables: [], externalEnums: [] },
  })
  return result.exitCode === 2 ? (result.stdout ?? '') : ''
}
