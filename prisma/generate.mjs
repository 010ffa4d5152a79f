// Runs `prisma generate` offline. Generating the client needs no schema engine, but the
// Prisma CLI insists that PRISMA_SCHEMA_ENGINE_BINARY names an existing file before it
// tries to download one from Prisma's host (unreachable from our build machines).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const env = { ...process.env }
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath
}
env.PRISMA_HIDE_UPDATE_MESSAGE = '1'
const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js')
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', 'prisma/schema.prisma'], {
  cwd: root,
  env,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
