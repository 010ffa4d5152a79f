import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../bot/config.js'

const TOKEN = '123456789:AAEhBP0av28jbHN0aWNrLmNvbS9zZWNyZXQx'

describe('configuration from the environment', () => {
  it('defaults to the embedded SQLite file, CNY and ¥50,000 per payment', () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN })
    expect(config).toMatchObject({ databaseUrl: 'file:./data/lingqian.db', apiRoot: undefined, webhookUrl: undefined })
    expect(config.wallet).toMatchObject({ currency: 'CNY', maxPaymentMinor: 5_000_000n })
    expect(config.wallet.adminTelegramIds.size).toBe(0)
  })

  it('reads admins, currency, API root and webhook', () => {
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      ADMIN_IDS: '1, 22',
      DEFAULT_CURRENCY: 'jpy',
      MAX_PAYMENT: '100000',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      WEBHOOK_URL: 'https://wallet.example/tg',
      WEBHOOK_SECRET: 'a-long-enough-secret',
      TZ: 'Europe/Berlin',
      STATEMENTS_PER_SECOND: '5',
      DAILY_LIMIT: '2000',
      DAILY_LIMIT_UNVERIFIED: '800',
      UNFREEZE_COOLDOWN_HOURS: '48',
    })
    expect([...config.wallet.adminTelegramIds]).toEqual([1n, 22n])
    expect(config.wallet.timeZone).toBe('Europe/Berlin')
    expect(config.statementsPerSecond).toBe(5)
    expect(config.wallet).toMatchObject({ dailyLimitMinor: 2_000n, unverifiedDailyLimitMinor: 800n, unfreezeCooldownMs: 48 * 3_600_000 })
    expect(config.wallet).toMatchObject({ currency: 'JPY', maxPaymentMinor: 100_000n })
    expect(config).toMatchObject({ apiRoot: 'http://127.0.0.1:8081', webhookUrl: 'https://wallet.example/tg' })
  })

  it('reads the payment password rules, with WeChat-like defaults', () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN }).wallet).toMatchObject({
      passwordFree: { paymentMinor: 10_000n, dailyMinor: 50_000n, paymentCapMinor: 50_000n, dailyCapMinor: 200_000n, withoutPasswordDailyMinor: 20_000n },
      passwordLock: { maxTries: 5, lockMs: 3 * 3_600_000 },
    })
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      PASSWORD_FREE_PAYMENT: '50',
      PASSWORD_FREE_DAILY: '300',
      PASSWORD_FREE_PAYMENT_MAX: '100',
      PASSWORD_FREE_DAILY_MAX: '1000',
      NO_PASSWORD_DAILY: '20',
      PASSWORD_MAX_TRIES: '3',
      PASSWORD_LOCK_HOURS: '24',
    })
    expect(config.wallet.passwordFree).toEqual({ paymentMinor: 5_000n, dailyMinor: 30_000n, paymentCapMinor: 10_000n, dailyCapMinor: 100_000n, withoutPasswordDailyMinor: 2_000n })
    expect(config.wallet.passwordLock).toEqual({ maxTries: 3, lockMs: 24 * 3_600_000 })
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, PASSWORD_FREE_PAYMENT: '600' })).toThrowError(/must not be above PASSWORD_FREE_PAYMENT_MAX/)
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, PASSWORD_MAX_TRIES: '0' })).toThrowError(/PASSWORD_MAX_TRIES must be a whole number from 1 to 20/)
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, PASSWORD_LOCK_HOURS: 'never' })).toThrowError(/PASSWORD_LOCK_HOURS/)
  })

  it('reads risk thresholds from RISK_RULES, refusing unknown names and bad values', () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN, RISK_RULES: '{"velocityStepUp": 12, "newAccountBlockMinor": 500000}' })
    expect(config.wallet.risk).toMatchObject({ velocityStepUp: 12, newAccountBlockMinor: 500_000n, velocityBlock: 25 })
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, RISK_RULES: '{"speed": 3}' })).toThrowError(/no rule threshold is called "speed"/)
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, RISK_RULES: '{"velocityStepUp": -1}' })).toThrowError(/velocityStepUp must be a whole number/)
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, RISK_RULES: 'fast' })).toThrowError(/RISK_RULES must be a JSON object/)
  })

  it('picks the sandbox bank on SQLite and none on PostgreSQL, with its port and latency', () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN, SANDBOX_BANK_LATENCY_MS: '1500', SANDBOX_BANK_PORT: '7070' }).bank).toEqual({ kind: 'sandbox', port: 7070, latencyMs: 1500, timeoutMs: 10_000 })
    expect(loadConfig({ BOT_TOKEN: TOKEN, DATABASE_URL: 'postgresql://db/lingqian' }).bank).toEqual({ kind: 'none' })
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, SANDBOX_BANK_LATENCY_MS: 'slow' })).toThrowError(/SANDBOX_BANK_LATENCY_MS must be a whole number of milliseconds from 0 to 60000, got "slow"/)
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, BANK_URL: 'https://bank.example' })).toThrowError(/BANK_API_KEY must be set/)
  })

  it('reads the playground settings: loopback by default, flood control off unless asked', () => {
    expect(loadConfig({})).toMatchObject({ botToken: '', playgroundHost: '127.0.0.1', playgroundFloodPerMinute: undefined })
    expect(loadConfig({ PLAYGROUND_HOST: '0.0.0.0', PLAYGROUND_FLOOD_LIMIT: '20' })).toMatchObject({ playgroundHost: '0.0.0.0', playgroundFloodPerMinute: 20 })
    expect(() => loadConfig({ PLAYGROUND_FLOOD_LIMIT: 'lots' })).toThrowError(/PLAYGROUND_FLOOD_LIMIT must be a whole number/)
  })

  it('lists every problem at once', () => {
    let error: unknown
    try {
      loadConfig({ ADMIN_IDS: '12,bob', DEFAULT_CURRENCY: 'XYZ', WEBHOOK_URL: 'http://insecure', PORT: 'eighty', TZ: 'Mars/Olympus', STATEMENTS_PER_SECOND: '100', UNFREEZE_COOLDOWN_HOURS: 'soon' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems.join('\n')
    expect(problems).toMatch(/"bob" is not one/)
    expect(problems).toMatch(/DEFAULT_CURRENCY "XYZ"/)
    expect(problems).toMatch(/WEBHOOK_URL must be an https URL/)
    expect(problems).toMatch(/WEBHOOK_SECRET must be set/)
    expect(problems).toMatch(/PORT must be a TCP port/)
    expect(problems).toMatch(/TZ must be an IANA time zone such as Asia\/Shanghai, got "Mars\/Olympus"/)
    expect(problems).toMatch(/STATEMENTS_PER_SECOND must be a whole number from 1 to 30/)
    expect(problems).toMatch(/UNFREEZE_COOLDOWN_HOURS must be a number of hours from 0 to 720, got "soon"/)
  })

  it('refuses a MAX_PAYMENT the ledger could not hold, saying what is accepted', () => {
    // 2^63 fen would overflow a balance after the first top-up.
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, MAX_PAYMENT: '92233720368547758.07' })).toThrowError(/MAX_PAYMENT .* at most 10,?000,?000,?000,?000\.00/)
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, MAX_PAYMENT: '10000000000000.01' })).toThrowError(ConfigError)
    expect(loadConfig({ BOT_TOKEN: TOKEN, MAX_PAYMENT: '10000000000000' }).wallet.maxPaymentMinor).toBe(10n ** 15n)
  })
})
