// Configuration for the Prisma CLI, used only when authoring migrations
// (`npx prisma migrate dev --config prisma/prisma.config.ts`). The app itself applies the
// committed SQL under prisma/migrations/ at start-up and never runs the CLI.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/dev.db' },
})
