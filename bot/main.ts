/**
 * `npm start`: configuration from the environment, then the wallet in Telegram (BOT_TOKEN
 * set) or, without a token, the playground: the same wallet against the built-in Telegram
 * emulator, with a chat page in the browser (bot/playground/).
 */
import { existsSync } from 'node:fs'
import { startWalletApp, StartupError, type WalletApp } from './app.js'
import { ConfigError, loadConfig, type BotConfig } from './config.js'
import { createLogger } from './logger.js'
import { startPlayground } from './playground/start.js'
import { loadServerKeys } from './server-keys.js'

// A .env file beside the project, if there is one (never committed; see .env.example).
if (existsSync('.env')) process.loadEnvFile('.env')

function configured(): BotConfig {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`Lingqian cannot start.\n${error.problems.join('\n')}`)
    process.exit(1)
  }
}

/**
 * Without a token the playground starts, unless the environment looks like a deployment
 * whose BOT_TOKEN did not arrive: then the wallet must not quietly become a playground.
 */
function assertPlaygroundWanted(env: NodeJS.ProcessEnv): void {
  const deployed = ['WEBHOOK_URL', 'DATABASE_URL'].filter((name) => env[name]?.trim())
  if (env.NODE_ENV === 'production') deployed.push('NODE_ENV=production')
  if (!deployed.length) return
  console.error(
    [
      `Lingqian cannot start: BOT_TOKEN is not set, and ${deployed.join(', ')} says this is not a playground. To get a token:`,
      '  1. In Telegram, open @BotFather and send /newbot; pick a name and a username ending in "bot".',
      '  2. BotFather answers with a token like 123456789:AA...; run: BOT_TOKEN=<that token> npm start',
      '  (README.md has the rest: inline mode, admins, webhook. Without those settings, npm start is the playground.)',
    ].join('\n'),
  )
  process.exit(1)
}

const config = configured()
const log = createLogger(config.logLevel)
let running: { stop(): Promise<void> }
try {
  if (config.botToken) {
    const keys = loadServerKeys(process.env, config.databaseUrl)
    if (keys.fromFiles.length) log.warn({ files: keys.fromFiles }, 'PASSWORD_PEPPER or ENCRYPTION_KEY is not set: using keys kept beside the database; production must set them (README: Security)')
    running = await startWalletApp({ config, keys, log }) satisfies WalletApp
  } else {
    assertPlaygroundWanted(process.env)
    const playground = await startPlayground({ env: process.env, log })
    running = playground
    console.log(`\nLingqian playground: open ${playground.url} in your browser (the bot runs against a built-in Telegram emulator; set BOT_TOKEN to run it in Telegram).\n`)
  }
} catch (error) {
  if (!(error instanceof StartupError) && !(error instanceof ConfigError)) throw error
  console.error(error instanceof ConfigError ? `Lingqian cannot start.\n${error.problems.join('\n')}` : error.message)
  process.exit(1)
}

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'stopping: no new updates, finishing what is in flight')
  await running.stop()
  log.info('stopped')
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))
