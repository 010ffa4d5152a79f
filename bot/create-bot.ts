import { autoRetry } from '@grammyjs/auto-retry'
import { limit } from '@grammyjs/ratelimiter'
import { sequentialize } from '@grammyjs/runner'
import { apiThrottler } from '@grammyjs/transformer-throttler'
import { Api, Bot, type BotConfig as GrammyBotConfig } from 'grammy'
import type { UserFromGetMe } from 'grammy/types'
import type { Logger } from 'pino'
import type { BankGateway } from '../core/bank/gateway.js'
import type { Database } from '../core/db/database.js'
import { createCore } from '../core/core.js'
import type { RedPacketLimits } from '../core/redpacket/limits.js'
import type { WalletConfig } from '../core/wallet/config.js'
import { apiDefaults } from './api-defaults.js'
import type { BotContext, BotServices } from './context.js'
import { reviewFeature } from './features/review.js'
import { receiveFeature } from './features/receive.js'
import { merchantFeature } from './features/merchant.js'
import { merchantApiFeature } from './features/merchant-api.js'
import { ordersFeature } from './features/orders.js'
import { refundsFeature } from './features/refunds.js'
import { scanFeature } from './features/scan.js'
import { QrDecoder, type DecoderLimits } from './qr/qr-decoder.js'
import { fileDownloader } from './qr/telegram-files.js'
import { adminFeature } from './features/admin.js'
import { bankCardsFeature } from './features/bank-cards.js'
import { bankFundingFeature } from './features/bank-funding.js'
import { billsFeature } from './features/bills.js'
import { budgetFeature } from './features/budget.js'
import { passwordFeature } from './features/password.js'
import { phoneFeature } from './features/phone.js'
import { securityFeature } from './features/security.js'
import { settingsFeature } from './features/settings.js'
import { statementsFeature } from './features/statements.js'
import { claimsFeature } from './features/claims.js'
import { helpFeature } from './features/help.js'
import { inlineFeature } from './features/inline.js'
import { languageFeature } from './features/language.js'
import { redPacketsFeature } from './features/red-packets.js'
import { sendFeature } from './features/send.js'
import { startFeature } from './features/start.js'
import { GroupLanguage } from './group-language.js'
import { createI18n, localeFor } from './i18n.js'
import { Router } from './router.js'
import { dedupeUpdates } from './middleware/dedupe.js'
import { errorBoundary } from './middleware/error-boundary.js'
import { loadUser, UserCache } from './middleware/user.js'
import { LiveEdits } from './live-edits.js'
import { PasswordPrompt } from './password-prompt.js'
import { Notifier } from './notifier.js'
import { OutboxDispatcher, type DispatcherOptions } from './outbox-dispatcher.js'
import { ShopNotifier, type ShopNotifierOptions } from './http/merchant-api/shop-notifier.js'
import { RedPacketMessages } from './red-packet-live.js'
import { StatementSender, type StatementSenderOptions } from './statements/statement-sender.js'

export interface CreateBotOptions {
  token: string
  db: Database
  wallet: WalletConfig
  log: Logger
  apiRoot?: string
  /** Tests and benchmarks pass the fake Bot API's in-process fetch. */
  fetch?: typeof fetch
  /** Known bot identity, to skip getMe (tests). */
  botInfo?: UserFromGetMe
  /**
   * Keep outgoing calls under Telegram's flood limits (on by default). Benchmarks against the
   * in-process fake turn it off, because it deliberately caps sending at Telegram's 30/s.
   */
  throttle?: boolean
  /** Per-user updates allowed per window before the friendly "slow down" (default 8 per 3 s). */
  rateLimit?: { limit: number; timeFrameMs: number }
  redPacketLimits?: RedPacketLimits
  /** PASSWORD_PEPPER (bot/server-keys.ts). */
  passwordPepper: Uint8Array
  /** ENCRYPTION_KEY and ENCRYPTION_KEYS_PREVIOUS (bot/server-keys.ts). */
  encryptionKeys: { current: Uint8Array; previous?: readonly Uint8Array[] }
  /** Least time between two edits of live messages in one chat (default 3 s). */
  liveEditIntervalMs?: number
  /** The outbox dispatcher's settings (lease, batch, tries). */
  outbox?: Partial<DispatcherOptions>
  /** The monthly statement sender's settings (pace, batch, lease, tries). */
  statements?: Partial<StatementSenderOptions>
  /** Limits on decoding the photos people send for QR codes (default: bot/qr/qr-decoder.ts). */
  qrLimits?: DecoderLimits
  /** How notifications reach shops' servers (MERCHANT_NOTIFY_ALLOW_PRIVATE, timeouts). */
  shopNotifications?: Partial<ShopNotifierOptions>
  /** The bank cards are bound with (bot/bank/http-gateway.ts); none: /cards says bank cards are unavailable. */
  bank?: BankGateway
}

export function createBot(options: CreateBotOptions): { bot: Bot<BotContext>; services: BotServices } {
  const client: GrammyBotConfig<BotContext>['client'] = { apiRoot: options.apiRoot, fetch: options.fetch as never }
  const bot = new Bot<BotContext>(options.token, { client, botInfo: options.botInfo })
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }))
  bot.api.config.use(apiDefaults)
  const throttler = options.throttle !== false ? apiThrottler() : undefined
  if (throttler) bot.api.config.use(throttler)
  // Statements go out through an API that retries only what Telegram refused (429): after a
  // network error or a 5xx the photo may have arrived, and sending it again could show it
  // twice. It shares the throttler, so both together stay under Telegram's limits.
  const statementsApi = new Api(options.token, client)
  statementsApi.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true, rethrowInternalServerErrors: true }))
  statementsApi.config.use(apiDefaults)
  if (throttler) statementsApi.config.use(throttler)

  const i18n = createI18n()
  const live = new LiveEdits(options.liveEditIntervalMs ?? 3000, (error) => options.log.warn({ err: error }, 'a live message edit failed'))
  const notifier = new Notifier(bot.api, i18n, options.log)
  const core = createCore({
    db: options.db,
    wallet: options.wallet,
    redPacketLimits: options.redPacketLimits,
    passwordPepper: options.passwordPepper,
    encryptionKeys: options.encryptionKeys,
    bank: options.bank,
    onUpdateLogError: (error) => options.log.warn({ err: error }, 'could not record handled update ids'),
  })
  const services: BotServices = {
    core,
    wallet: core.config,
    i18n,
    log: options.log,
    notifier,
    groups: new GroupLanguage(core),
    outbox: new OutboxDispatcher(core, notifier, i18n, options.log, options.outbox),
    shopNotifier: new ShopNotifier(core, i18n, options.log, options.shopNotifications),
    users: new UserCache(),
    redPackets: { messages: new RedPacketMessages(core, bot.api, i18n, live) },
    statements: new StatementSender(core, statementsApi, i18n, options.log, options.statements),
    passwords: new PasswordPrompt(i18n),
    qr: { decoder: new QrDecoder(options.qrLimits), download: fileDownloader(bot.api, { token: options.token, apiRoot: options.apiRoot, fetch: options.fetch }) },
  }
  const rateLimit = options.rateLimit ?? { limit: 8, timeFrameMs: 3000 }

  // Messages of one chat run in order; different chats run concurrently under the runner.
  // Button presses are ordered per person, not per chat: a thousand members opening one red
  // packet must not queue behind each other (each grab is atomic in the ledger anyway, and
  // one person's double tap still runs in order). First in line, as the runner requires.
  bot.use(sequentialize((ctx) => (ctx.callbackQuery || !ctx.chat ? `user:${ctx.from?.id ?? ''}` : `chat:${ctx.chat.id}`)))
  bot.use((ctx, next) => {
    // Made on first use: most updates never log, and a child logger per update is not free.
    let log: Logger | undefined
    Object.defineProperty(ctx, 'log', { get: () => (log ??= options.log.child({ updateId: ctx.update.update_id })), configurable: true })
    return next()
  })
  bot.use(errorBoundary(core))
  bot.use(dedupeUpdates(core.updates))
  bot.use(loadUser(core, services.users))
  bot.use(services.groups.middleware())
  bot.use(i18n)
  bot.use((ctx, next) => {
    ctx.personal = (key, vars) => i18n.t(localeFor(ctx.wallet), key, vars)
    return next()
  })
  bot.use(
    limit<BotContext, never>({
      limit: rateLimit.limit,
      timeFrame: rateLimit.timeFrameMs,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: async (ctx) => {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery(ctx.personal('rate-limited'))
        else if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('rate-limited'))
      },
    }),
  )

  const router = new Router()
  startFeature(router, services)
  helpFeature(router, services)
  bankCardsFeature(router, services)
  bankFundingFeature(router, services) // before admin: it takes `/topup <amount>` in private
  sendFeature(router, services)
  receiveFeature(router, services)
  merchantFeature(router, services)
  merchantApiFeature(router, services)
  ordersFeature(router, services)
  refundsFeature(router, services)
  scanFeature(router, services)
  claimsFeature(router)
  redPacketsFeature(router, services) // before inline: it takes the `hb …` queries
  inlineFeature(router, services)
  billsFeature(router)
  statementsFeature(router, services)
  settingsFeature(router, services)
  budgetFeature(router, services)
  securityFeature(router, services)
  passwordFeature(router, services)
  phoneFeature(router)
  languageFeature(router, services)
  adminFeature(router, services)
  reviewFeature(router, services)
  bot.use(router)

  // Whatever no feature took: a stale or forged button still gets an answer; stray private
  // text gets a pointer to /help. Group chatter is none of our business.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.personal('button-invalid'), show_alert: true }))
  bot.on('message', async (ctx) => {
    if (ctx.chat.type === 'private') await ctx.reply(ctx.t('unknown-command'))
  })
  return { bot, services }
}
