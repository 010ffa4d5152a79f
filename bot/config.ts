import { DEFAULT_DATABASE_URL } from '../core/db/default-url.js'
import { MAX_AMOUNT_MINOR } from '../core/money/bounds.js'
import { currencyOf, formatMinorPlain, isKnownCurrency, parseAmount } from '../core/money/index.js'
import { isTimeZone } from '../core/statements/calendar.js'
import { DEFAULT_RISK_RULES, type RiskRules } from '../core/security/risk.js'
import { DEFAULT_MAX_MEMO_LENGTH, type WalletConfig } from '../core/wallet/config.js'

export interface BotConfig {
  botToken: string
  databaseUrl: string
  apiRoot: string | undefined
  webhookUrl: string | undefined
  /** Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; requests without it are refused. */
  webhookSecret: string
  port: number
  /** Where the playground's chat page listens without BOT_TOKEN (PLAYGROUND_HOST, on PORT): loopback unless told. */
  playgroundHost: string
  /** PLAYGROUND_FLOOD_LIMIT: the emulator's flood control, messages per chat per minute (unset: off). */
  playgroundFloodPerMinute: number | undefined
  /** The merchant API: its port (unset: not served), requests per second per merchant, and whether notify URLs may be private. */
  merchantApi: { port: number | undefined; ratePerSecond: number; allowPrivateNotify: boolean }
  logLevel: string
  /** How long a taken outbox message is its dispatcher's before another may send it. */
  outboxLeaseMs: number
  /** Monthly statements sent per second at most (STATEMENTS_PER_SECOND). */
  statementsPerSecond: number
  /** How long a statement taken for sending is this instance's (STATEMENT_LEASE_SECONDS). */
  statementLeaseMs: number
  bank: BankSetting
  wallet: WalletConfig
}

/**
 * Which bank cards are bound with (BANK_URL): the sandbox bank in this process (the default
 * on the embedded SQLite database: one machine, one bank beside it), a bank's gateway at a
 * URL, or none (`off`; also the default on PostgreSQL, where several instances must share
 * one bank, not each start a sandbox of its own).
 */
export type BankSetting =
  | { kind: 'sandbox'; port: number; latencyMs: number; timeoutMs: number }
  | { kind: 'http'; url: string; apiKey: string; timeoutMs: number }
  | { kind: 'none' }

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Reads and checks the environment, collecting every problem before refusing, so that a
 * first run says everything that is wrong at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv): BotConfig {
  const problems: string[] = []
  const botToken = env.BOT_TOKEN?.trim() ?? ''
  // No token: the playground (bot/playground/), against the built-in Telegram emulator.
  if (botToken && !/^\d+:[\w-]{30,}$/.test(botToken)) problems.push('BOT_TOKEN does not look like a token from @BotFather (digits, a colon, then 30+ characters)')

  const adminIds = new Set<bigint>()
  for (const part of (env.ADMIN_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (/^\d+$/.test(part)) adminIds.add(BigInt(part))
    else problems.push(`ADMIN_IDS must be comma-separated numeric Telegram user ids; "${part}" is not one`)
  }

  const currency = (env.DEFAULT_CURRENCY?.trim() || 'CNY').toUpperCase()
  if (!isKnownCurrency(currency)) problems.push(`DEFAULT_CURRENCY "${currency}" is not supported (CNY, USD, EUR, HKD, GBP, JPY)`)

  /** An amount in the currency's major unit from the environment, or a problem saying what is accepted. */
  const amountSetting = (name: string, fallback: string): bigint => {
    if (!isKnownCurrency(currency)) return 0n
    try {
      return parseAmount(env[name]?.trim() || fallback, { currency, maxMinor: MAX_AMOUNT_MINOR })
    } catch {
      const most = formatMinorPlain(MAX_AMOUNT_MINOR, currency)
      problems.push(`${name} "${env[name]}" is not a positive amount in ${currency} of at most ${most} with at most ${currencyOf(currency).decimals} decimals`)
      return 0n
    }
  }
  const maxPaymentMinor = amountSetting('MAX_PAYMENT', '50000')
  const dailyLimitMinor = amountSetting('DAILY_LIMIT', '50000')
  const unverifiedDailyLimitMinor = amountSetting('DAILY_LIMIT_UNVERIFIED', '5000')
  const cardDailyLimitMinor = amountSetting('DAILY_LIMIT_CARD', '200000')
  const bankRules = {
    withdrawalFreeAllowanceMinor: amountSetting('WITHDRAWAL_FREE_ALLOWANCE', '1000'),
    withdrawalFeeBasisPoints: BigInt(basisPoints(env.WITHDRAWAL_FEE_BP, problems)),
    // WeChat's ¥0.10; a currency without decimals (JPY) starts at its one whole unit.
    withdrawalFeeMinMinor: amountSetting('WITHDRAWAL_FEE_MIN', isKnownCurrency(currency) && currencyOf(currency).decimals >= 2 ? '0.10' : '1'),
  }
  const passwordFree = {
    paymentMinor: amountSetting('PASSWORD_FREE_PAYMENT', '100'),
    dailyMinor: amountSetting('PASSWORD_FREE_DAILY', '500'),
    paymentCapMinor: amountSetting('PASSWORD_FREE_PAYMENT_MAX', '500'),
    dailyCapMinor: amountSetting('PASSWORD_FREE_DAILY_MAX', '2000'),
    withoutPasswordDailyMinor: amountSetting('NO_PASSWORD_DAILY', '200'),
  }
  if (passwordFree.paymentMinor > passwordFree.paymentCapMinor || passwordFree.dailyMinor > passwordFree.dailyCapMinor) {
    problems.push('PASSWORD_FREE_PAYMENT and PASSWORD_FREE_DAILY must not be above PASSWORD_FREE_PAYMENT_MAX and PASSWORD_FREE_DAILY_MAX')
  }
  const passwordMaxTries = Number(env.PASSWORD_MAX_TRIES || 5)
  if (!Number.isInteger(passwordMaxTries) || passwordMaxTries < 1 || passwordMaxTries > 20) {
    problems.push(`PASSWORD_MAX_TRIES must be a whole number from 1 to 20, got "${env.PASSWORD_MAX_TRIES}"`)
  }
  const passwordLockHours = Number(env.PASSWORD_LOCK_HOURS || 3)
  if (!(passwordLockHours > 0 && passwordLockHours <= 720)) problems.push(`PASSWORD_LOCK_HOURS must be a number of hours above 0 and at most 720, got "${env.PASSWORD_LOCK_HOURS}"`)
  const resetDailyLimitMinor = amountSetting('RESET_DAILY_LIMIT', '500')
  const resetReducedHours = Number(env.RESET_REDUCED_HOURS || 24)
  if (!(resetReducedHours >= 0 && resetReducedHours <= 720)) problems.push(`RESET_REDUCED_HOURS must be a number of hours from 0 to 720, got "${env.RESET_REDUCED_HOURS}"`)
  const risk = riskRules(env.RISK_RULES, problems)
  const unfreezeCooldownHours = Number(env.UNFREEZE_COOLDOWN_HOURS || 24)
  if (!(unfreezeCooldownHours >= 0 && unfreezeCooldownHours <= 720)) {
    problems.push(`UNFREEZE_COOLDOWN_HOURS must be a number of hours from 0 to 720, got "${env.UNFREEZE_COOLDOWN_HOURS}"`)
  }

  const refundWindowDays = Number(env.REFUND_WINDOW_DAYS || 90)
  if (!(refundWindowDays >= 0 && refundWindowDays <= 3650)) problems.push(`REFUND_WINDOW_DAYS must be a number of days from 0 to 3650, got "${env.REFUND_WINDOW_DAYS}"`)
  const reviewTimeoutHours = Number(env.REVIEW_TIMEOUT_HOURS || 72)
  if (!(reviewTimeoutHours >= 1 && reviewTimeoutHours <= 720)) problems.push(`REVIEW_TIMEOUT_HOURS must be a number of hours from 1 to 720, got "${env.REVIEW_TIMEOUT_HOURS}"`)

  // TZ is also what Node itself reads; an unset TZ means the machine's own zone.
  const timeZone = env.TZ?.trim().replace(/^:/, '') || Intl.DateTimeFormat().resolvedOptions().timeZone
  if (!isTimeZone(timeZone)) problems.push(`TZ must be an IANA time zone such as Asia/Shanghai, got "${env.TZ}"`)

  const apiRoot = env.TELEGRAM_API_ROOT?.trim() || undefined
  if (apiRoot && !/^https?:\/\//.test(apiRoot)) problems.push(`TELEGRAM_API_ROOT must be an http(s) URL, got "${apiRoot}"`)
  const webhookUrl = env.WEBHOOK_URL?.trim() || undefined
  if (webhookUrl && !/^https:\/\//.test(webhookUrl)) problems.push(`WEBHOOK_URL must be an https URL (Telegram only calls https), got "${webhookUrl}"`)
  const webhookSecret = env.WEBHOOK_SECRET?.trim() || ''
  if (webhookUrl && !/^[A-Za-z0-9_-]{16,256}$/.test(webhookSecret)) {
    problems.push('WEBHOOK_SECRET must be set with WEBHOOK_URL: 16–256 characters of A-Z, a-z, 0-9, _ or -')
  }
  const port = Number(env.PORT || 8080)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) problems.push(`PORT must be a TCP port number, got "${env.PORT}"`)
  const playgroundHost = env.PLAYGROUND_HOST?.trim() || '127.0.0.1'
  const playgroundFloodPerMinute = env.PLAYGROUND_FLOOD_LIMIT?.trim() ? Number(env.PLAYGROUND_FLOOD_LIMIT) : undefined
  if (playgroundFloodPerMinute !== undefined && !(Number.isInteger(playgroundFloodPerMinute) && playgroundFloodPerMinute >= 1 && playgroundFloodPerMinute <= 1000)) {
    problems.push(`PLAYGROUND_FLOOD_LIMIT must be a whole number of messages per chat per minute from 1 to 1000 (Telegram allows about 20 in a group), got "${env.PLAYGROUND_FLOOD_LIMIT}"`)
  }

  // The merchant API listens only when MERCHANT_API_PORT is set.
  const merchantApiPort = env.MERCHANT_API_PORT?.trim() ? Number(env.MERCHANT_API_PORT) : undefined
  if (merchantApiPort !== undefined && !(Number.isInteger(merchantApiPort) && merchantApiPort > 0 && merchantApiPort <= 65535)) {
    problems.push(`MERCHANT_API_PORT must be a TCP port number, got "${env.MERCHANT_API_PORT}"`)
  }
  const merchantApiRate = Number(env.MERCHANT_API_RATE || 100)
  if (!Number.isInteger(merchantApiRate) || merchantApiRate < 1 || merchantApiRate > 100_000) problems.push(`MERCHANT_API_RATE must be a whole number of requests per second from 1 to 100000, got "${env.MERCHANT_API_RATE}"`)
  const notifyAllowPrivate = (env.MERCHANT_NOTIFY_ALLOW_PRIVATE?.trim() || 'false').toLowerCase()
  if (notifyAllowPrivate !== 'true' && notifyAllowPrivate !== 'false') problems.push(`MERCHANT_NOTIFY_ALLOW_PRIVATE must be true or false, got "${env.MERCHANT_NOTIFY_ALLOW_PRIVATE}"`)

  const outboxLeaseSeconds = Number(env.OUTBOX_LEASE_SECONDS || 60)
  if (!Number.isInteger(outboxLeaseSeconds) || outboxLeaseSeconds < 1 || outboxLeaseSeconds > 3600) {
    problems.push(`OUTBOX_LEASE_SECONDS must be a whole number of seconds from 1 to 3600, got "${env.OUTBOX_LEASE_SECONDS}"`)
  }

  const statementsPerSecond = Number(env.STATEMENTS_PER_SECOND || 20)
  if (!Number.isInteger(statementsPerSecond) || statementsPerSecond < 1 || statementsPerSecond > 30) {
    problems.push(`STATEMENTS_PER_SECOND must be a whole number from 1 to 30 (Telegram's limit per bot), got "${env.STATEMENTS_PER_SECOND}"`)
  }
  const statementLeaseSeconds = Number(env.STATEMENT_LEASE_SECONDS || 300)
  if (!Number.isInteger(statementLeaseSeconds) || statementLeaseSeconds < 1 || statementLeaseSeconds > 3600) {
    problems.push(`STATEMENT_LEASE_SECONDS must be a whole number of seconds from 1 to 3600, got "${env.STATEMENT_LEASE_SECONDS}"`)
  }

  const databaseUrl = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL
  const bank = bankSetting(env, databaseUrl, problems)

  if (problems.length) throw new ConfigError(problems)
  return {
    botToken,
    databaseUrl,
    apiRoot,
    webhookUrl,
    webhookSecret,
    port,
    playgroundHost,
    playgroundFloodPerMinute,
    merchantApi: { port: merchantApiPort, ratePerSecond: merchantApiRate, allowPrivateNotify: notifyAllowPrivate === 'true' },
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    outboxLeaseMs: outboxLeaseSeconds * 1000,
    statementsPerSecond,
    statementLeaseMs: statementLeaseSeconds * 1000,
    bank,
    wallet: {
      currency,
      adminTelegramIds: adminIds,
      maxPaymentMinor,
      maxMemoLength: DEFAULT_MAX_MEMO_LENGTH,
      timeZone,
      dailyLimitMinor,
      unverifiedDailyLimitMinor,
      cardDailyLimitMinor,
      bank: bankRules,
      unfreezeCooldownMs: unfreezeCooldownHours * 3_600_000,
      reviewTimeoutMs: reviewTimeoutHours * 3_600_000,
      refundWindowMs: refundWindowDays * 86_400_000,
      passwordFree,
      passwordLock: { maxTries: passwordMaxTries, lockMs: passwordLockHours * 3_600_000 },
      passwordReset: { dailyLimitMinor: resetDailyLimitMinor, reducedMs: resetReducedHours * 3_600_000 },
      risk,
    },
  }
}

/** BANK_URL (`off`, or an http(s) URL with BANK_API_KEY), BANK_TIMEOUT_SECONDS, SANDBOX_BANK_PORT, SANDBOX_BANK_LATENCY_MS. */
function bankSetting(env: NodeJS.ProcessEnv, databaseUrl: string, problems: string[]): BankSetting {
  const timeoutSeconds = Number(env.BANK_TIMEOUT_SECONDS || 10)
  if (!(timeoutSeconds >= 1 && timeoutSeconds <= 120)) problems.push(`BANK_TIMEOUT_SECONDS must be a number of seconds from 1 to 120, got "${env.BANK_TIMEOUT_SECONDS}"`)
  const timeoutMs = timeoutSeconds * 1000
  const url = env.BANK_URL?.trim() || (databaseUrl.startsWith('postgres') ? 'off' : 'sandbox')
  if (url === 'off') return { kind: 'none' }
  if (url === 'sandbox') {
    const port = Number(env.SANDBOX_BANK_PORT || 0)
    if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`SANDBOX_BANK_PORT must be a TCP port number (0: any free one), got "${env.SANDBOX_BANK_PORT}"`)
    const latencyMs = Number(env.SANDBOX_BANK_LATENCY_MS || 0)
    if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) problems.push(`SANDBOX_BANK_LATENCY_MS must be a whole number of milliseconds from 0 to 60000, got "${env.SANDBOX_BANK_LATENCY_MS}"`)
    return { kind: 'sandbox', port, latencyMs, timeoutMs }
  }
  if (!/^https?:\/\//.test(url)) problems.push(`BANK_URL must be sandbox, off, or the bank gateway's http(s) URL, got "${url}"`)
  const apiKey = env.BANK_API_KEY?.trim() ?? ''
  if (!apiKey) problems.push('BANK_API_KEY must be set with BANK_URL: the key the bank gave for its gateway')
  return { kind: 'http', url, apiKey, timeoutMs }
}

/** WITHDRAWAL_FEE_BP: the withdrawal fee in basis points (10 = 0.1%), 0 to 1000. */
function basisPoints(text: string | undefined, problems: string[]): number {
  const value = Number(text?.trim() || 10)
  if (Number.isInteger(value) && value >= 0 && value <= 1000) return value
  problems.push(`WITHDRAWAL_FEE_BP must be a whole number of basis points from 0 to 1000 (10 = 0.1%), got "${text}"`)
  return 10
}

/**
 * RISK_RULES: JSON overriding some of the risk rules' thresholds by name (core/security/risk.ts),
 * e.g. `{"velocityStepUp": 12, "newAccountBlockMinor": 500000}`: counts and milliseconds as
 * numbers, amounts (`…Minor`) in minor units.
 */
function riskRules(text: string | undefined, problems: string[]): RiskRules {
  if (!text?.trim()) return DEFAULT_RISK_RULES
  let given: unknown
  try {
    given = JSON.parse(text)
  } catch {
    given = undefined
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    problems.push('RISK_RULES must be a JSON object of thresholds, e.g. {"velocityStepUp": 12}')
    return DEFAULT_RISK_RULES
  }
  const rules: Record<string, number | bigint> = { ...DEFAULT_RISK_RULES }
  for (const [name, value] of Object.entries(given)) {
    if (!(name in DEFAULT_RISK_RULES)) problems.push(`RISK_RULES: no rule threshold is called "${name}" (known: ${Object.keys(DEFAULT_RISK_RULES).join(', ')})`)
    else if (!Number.isSafeInteger(value) || (value as number) < 0) problems.push(`RISK_RULES: ${name} must be a whole number of at least 0, got ${JSON.stringify(value)}`)
    else rules[name] = name.endsWith('Minor') ? BigInt(value as number) : (value as number)
  }
  return rules as unknown as RiskRules
}
