import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** `npm start` without BOT_TOKEN is the playground — but not where the settings say it is a deployment that lost its token. */
describe('npm start without a token', () => {
  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'file:./data/elsewhere.db' }],
    ['WEBHOOK_URL', { WEBHOOK_URL: 'https://wallet.example/hook', WEBHOOK_SECRET: 'a-secret-of-enough-length' }],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
  ])('refuses to become a playground when %s is set, and says how to get a token', async (_name, settings) => {
    const { BOT_TOKEN: _token, DATABASE_URL: _url, ...env } = process.env
    const started = promisify(execFile)(process.execPath, ['--import', 'tsx', 'bot/main.ts'], { cwd: ROOT, env: { ...env, ...settings }, timeout: 30_000 })
    const failed = (await started.then(() => null, (error: unknown) => error)) as { code?: number; stderr?: string } | null
    expect(failed?.code).toBe(1)
    expect(failed?.stderr).toMatch(/BOT_TOKEN is not set.*not a playground/)
    expect(failed?.stderr).toMatch(/@BotFather/)
  })
})
