import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    // Each file gets its own process: native SQLite handles and child processes stay apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
