/**
 * The running wallet: the database (created and migrated on start), the bank, the bot, its
 * jobs, the merchant API, and updates by long polling or a webhook. `npm start` runs one in
 * Telegram; the playground runs the very same one against the Telegram emulator (its
 * in-process `fetch`), and starts it again on a fresh database when reset.
 */
import { run } from '@grammyjs/runner'
import type { Bot } from 'grammy'
import type { Logger } from 'pino'
import { openDatabase, type Database } from '../core/db/database.js'
import { assertSameServerKey } from '../core/security/key-fingerprints.js'
import { connectBank } from './bank/connect.js'
import { publishCommands } from './commands.js'
import type { BotConfig } from './config.js'
import type { BotContext, BotServices } from './context.js'
import { createBot } from './create-bot.js'
import type { MerchantApiOptions } from './http/merchant-api/routes.js'
import { httpApp, listen } from './http/server.js'
import { startJobs } from './jobs.js'
import type { ServerKeys } from './server-keys.js'
import { startWebhook } from './webhook.js'

export interface WalletApp {
  services: BotServices
  /** What the merchant API needs, for a server that mounts it (the playground's). */
  merchantApi: MerchantApiOptions
  /** No new updates; what is in flight finishes; the database closes. */
  stop(): Promise<void>
}

/** Why the wallet could not start, in words for the person who started it. */
export class StartupError extends Error {}

export interface StartOptions {
  config: BotConfig
  keys: ServerKeys
  log: Logger
  /** The Telegram emulator's in-process fetch (the playground); unset: Telegram's servers. */
  fetch?: typeof fetch
}

export async function startWalletApp({ config, keys, log, fetch }: StartOptions): Promise<WalletApp> {
  const db = await openChecked(config, keys)
  log.info({ database: config.databaseUrl }, 'database ready')
  // The sandbox bank's SMS become messages to the person binding a card, once the core is up.
  let deliverSms: (sms: { reference: string; text: string }) => Promise<unknown> = async () => undefined
  const bank = await connectBank(config.bank, { databaseUrl: config.databaseUrl, timeZone: config.wallet.timeZone, sms: { send: (sms) => deliverSms(sms).then(() => undefined) } }).catch(async (error: Error) => {
    await db.close()
    throw new StartupError(`Lingqian cannot start the sandbox bank: ${error.message}`)
  })
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
    fetch,
    outbox: { leaseMs: config.outboxLeaseMs },
    statements: { perSecond: config.statementsPerSecond, leaseMs: config.statementLeaseMs },
    shopNotifications: { allowPrivate: config.merchantApi.allowPrivateNotify, leaseMs: config.outboxLeaseMs },
    bank: bank.gateway,
  })
  deliverSms = (sms) => services.core.bankCards.deliverSimulatedSms(sms)
  let jobs: { stop(): void } | undefined
  let stopEdges: () => Promise<void> = async () => {}
  const stop = async () => {
    jobs?.stop()
    await stopEdges()
    await bank.stop()
    await services.redPackets.messages.live.flush() // the last state of every live message goes out
    await services.core.updates.flush()
    await db.close()
  }
  try {
    await services.core.updates.load() // updates handled before a restart are not handled again
    await bot.init()
    await publishCommands(bot.api, services.i18n, config.wallet.adminTelegramIds, log)
    jobs = startJobs(services)
    const merchantApi: MerchantApiOptions = {
      core: services.core,
      i18n: services.i18n,
      log,
      botUsername: bot.botInfo.username,
      allowPrivateNotify: config.merchantApi.allowPrivateNotify,
      ratePerSecond: config.merchantApi.ratePerSecond,
    }
    stopEdges = await startEdges(config, bot, merchantApi, log)
    return { services, merchantApi, stop }
  } catch (error) {
    // Nothing started is left running (the playground starts again in the same process).
    await stop().catch(() => undefined)
    throw error
  }
}

async function openChecked(config: BotConfig, keys: ServerKeys): Promise<Database> {
  let db: Database | undefined
  try {
    db = await openDatabase({ url: config.databaseUrl })
    await assertSameServerKey(db, 'PASSWORD_PEPPER', keys.passwordPepper)
    return db
  } catch (error) {
    await db?.close()
    throw new StartupError(`Lingqian cannot start: ${(error as Error).message}`)
  }
}

/** Updates (webhook or long polling) and the merchant API's own port; returns how to stop them. */
async function startEdges(config: BotConfig, bot: Bot<BotContext>, merchantApi: MerchantApiOptions, log: Logger): Promise<() => Promise<void>> {
  const apiPort = config.merchantApi.port
  // The merchant API shares the webhook's server when both are on one port.
  const apiOnWebhook = config.webhookUrl !== undefined && apiPort === config.port
  let stopApi: () => Promise<void> = async () => {}
  if (apiPort !== undefined && !apiOnWebhook) {
    await merchantApi.core.merchantApi.platformKey() // made (or read) now: the first request should not wait for it
    const listening = await listen(httpApp({ merchantApi }), apiPort).catch((error: Error) => {
      throw new StartupError(`Lingqian cannot open the merchant API on port ${apiPort}: ${error.message}`)
    })
    stopApi = listening.stop
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
  return async () => {
    await stopUpdates()
    await stopApi()
  }
}
