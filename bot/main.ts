/**
 * `npm start`: configuration from the environment, the database (created and migrated on
 * start), the bot, its jobs, and long polling (or a webhook when WEBHOOK_URL is set).
 */
import { run } from '@grammyjs/runner'
import { existsSync } from 'node:fs'
import { openDatabase, type Database } from '../core/db/database.js'
import { assertSameServerKey } from '../core/security/key-fingerprints.js'
import { publishCommands } from './commands.js'
import { ConfigError, loadConfig } from './config.js'
import { connectBank, type ConnectedBank } from './bank/connect.js'
import { createBot } from './create-bot.js'
import { startJobs } from './jobs.js'
import { createLogger } from './logger.js'
import { loadServerKeys } from './server-keys.js'
import { httpApp, listen } from './http/server.js'
import { startWebhook } from './webhook.js'

// A .env file beside the project, if there is one (never committed; see .env.example).
if (existsSync('.env')) process.loadEnvFile('.env')

let config
let keys
try {
  config = loadConfig(process.env)
  keys = loadServerKeys(process.env, config.databaseUrl)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`Lingqian cannot start.\n${error.problems.join('\n')}`)
  process.exit(1)
}

const log = createLogger(config.logLevel)
let db: Database
try {
  db = await openDatabase({ url: config.databaseUrl })
  await assertSameServerKey(db, 'PASSWORD_PEPPER', keys.passwordPepper)
} catch (error) {
  console.error(`Lingqian cannot start: ${(error as Error).message}`)
  process.exit(1)
}
log.info({ database: config.databaseUrl }, 'database ready')
if (keys.fromFiles.length) log.warn({ files: keys.fromFiles }, 'PASSWORD_PEPPER or ENCRYPTION_KEY is not set: using keys kept beside the database; production must set them (README: Security)')

// The sandbox bank's SMS become messages to the person binding a card, once the core is up.
let deliverSms: (sms: { reference: string; text: string }) => Promise<unknown> = async () => undefined
let bank: ConnectedBank
try {
  bank = await connectBank(config.bank, { databaseUrl: config.databaseUrl, timeZone: config.wallet.timeZone, sms: { send: (sms) => deliverSms(sms).then(() => undefined) } })
} catch (error) {
  console.error(`Lingqian cannot start the sandbox bank: ${(error as Error).message}`)
  process.exit(1)
}
if (bank.sandboxUrl) log.info({ url: bank.sandboxUrl }, 'sandbox bank listening (BANK_URL unset: cards bind with simulated SMS)')
else if (!bank.gateway) log.info('no bank configured (BANK_URL): bank cards are unavailable')

const { bot, services } = createBot({
  token: config.botToken,
  db,
  wallet: config.wallet,
  passwordPepper: keys.passwordPepper,
  encryptionKeys: keys.encryptionKeys,
  log,
  apiRoot: config.apiRoot,
  outbox: { leaseMs: config.outboxLeaseMs },
  statements: { perSecond: config.statementsPerSecond, leaseMs: config.statementLeaseMs },
  shopNotifications: { allowPrivate: config.merchantApi.allowPrivateNotify, leaseMs: config.outboxLeaseMs },
  bank: bank.gateway,
})
deliverSms = (sms) => services.core.bankCards.deliverSimulatedSms(sms)
await services.core.updates.load() // updates handled before a restart are not handled again
await bot.init()
await publishCommands(bot.api, services.i18n, config.wallet.adminTelegramIds, log)
const jobs = startJobs(services)

const merchantApi = {
  core: services.core,
  i18n: services.i18n,
  log,
  botUsername: bot.botInfo.username,
  allowPrivateNotify: config.merchantApi.allowPrivateNotify,
  ratePerSecond: config.merchantApi.ratePerSecond,
}
const apiPort = config.merchantApi.port
// The merchant API shares the webhook's server when both are on one port.
const apiOnWebhook = config.webhookUrl !== undefined && apiPort === config.port
let stopApi: () => Promise<void> = async () => {}
if (apiPort !== undefined && !apiOnWebhook) {
  await services.core.merchantApi.platformKey() // made (or read) now: the first request should not wait for it
  stopApi = (await listen(httpApp({ merchantApi }), apiPort)).stop
  log.info({ port: apiPort }, 'merchant API listening')
}

let stopUpdates: () => Promise<void>
if (config.webhookUrl) {
  const webhook = await startWebhook(bot, { url: config.webhookUrl, secret: config.webhookSecret, port: config.port, merchantApi: apiOnWebhook ? merchantApi : undefined })
  log.info({ url: config.webhookUrl, port: config.port, merchantApi: apiOnWebhook }, 'webhook mode')
  stopUpdates = webhook.stop
} else {
  const runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query', 'inline_query', 'chosen_inline_result'] } } })
  log.info({ bot: bot.botInfo.username }, 'long polling')
  stopUpdates = () => runner.stop()
}

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'stopping: no new updates, finishing what is in flight')
  jobs.stop()
  await stopUpdates()
  await stopApi()
  await bank.stop()
  await services.redPackets.messages.live.flush() // the last state of every live message goes out
  await services.core.updates.flush()
  await db.close()
  log.info('stopped')
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))
