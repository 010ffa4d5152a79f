// Runs `prisma generate` offline for both engines: the SQLite client from schema.prisma into
// core/db/generated/sqlite/, and the PostgreSQL client from the schema derived from it into
// core/db/generated/postgresql/. Generating a client needs no schema engine, but the Prisma
// CLI insists that PRISMA_SCHEMA_ENGINE_BINARY names an existing file before it tries to
// download one from Prisma's host (unreachable from our build machines).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { POSTGRES_SCHEMA, ROOT, SQLITE_SCHEMA, writePostgresSchema } from './postgresql-schema.mjs'

const env = { ...process.env }
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath
}
env.PRISMA_HIDE_UPDATE_MESSAGE = '1'
const cli = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js')

writePostgresSchema(ROOT)
for (const schema of [SQLITE_SCHEMA, POSTGRES_SCHEMA]) {
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], { cwd: ROOT, env, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
