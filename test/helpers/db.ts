import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Clock } from '../../core/db/clock.js'
import { openDatabase, type Database, type EngineKind } from '../../core/db/database.js'
import { DEFAULT_RISK_RULES, type RiskRules } from '../../core/security/risk.js'
import type { WalletConfig } from '../../core/wallet/config.js'
import { openWallet, type WalletUser } from '../../core/wallet/users.js'
import { createTempPostgresDatabase, hasPostgres } from './postgres.js'

export const ADMIN_TELEGRAM_ID = 9_000_000_001n

/** The payment passwords' pepper in tests (a server's comes from PASSWORD_PEPPER). */
export const TEST_PEPPER = Buffer.alloc(32, 7)
/** The encryption key of personal data in tests (a server's comes from ENCRYPTION_KEY). */
export const TEST_ENCRYPTION_KEYS = { current: Buffer.alloc(32, 9) }

/** The engine this test run is on: PostgreSQL when DATABASE_URL names a server, else SQLite. */
export const ENGINE: EngineKind = hasPostgres ? 'postgresql' : 'sqlite'

export function testConfig(overrides: Partial<WalletConfig> = {}): WalletConfig {
  return {
    currency: 'CNY',
    adminTelegramIds: new Set([ADMIN_TELEGRAM_ID]),
    maxPaymentMinor: 5_000_000n,
    maxMemoLength: 100,
    timeZone: 'Asia/Shanghai',
    // Far above what tests move, except the tests of the limit itself.
    dailyLimitMinor: 10n ** 12n,
    unverifiedDailyLimitMinor: 10n ** 12n,
    cardDailyLimitMinor: 10n ** 12n,
    // WeChat's model: ¥1,000 free over a wallet's life, then 0.1%, at least ¥0.10.
    bank: { withdrawalFreeAllowanceMinor: 100_000n, withdrawalFeeBasisPoints: 10n, withdrawalFeeMinMinor: 10n },
    unfreezeCooldownMs: 24 * 3_600_000,
    reviewTimeoutMs: 72 * 3_600_000,
    refundWindowMs: 90 * 86_400_000,
    // Also far above: only the password tests ask for the password.
    passwordFree: { paymentMinor: 10n ** 12n, dailyMinor: 10n ** 12n, paymentCapMinor: 10n ** 12n, dailyCapMinor: 10n ** 12n, withoutPasswordDailyMinor: 10n ** 12n },
    passwordLock: { maxTries: 5, lockMs: 3 * 3_600_000 },
    passwordReset: { dailyLimitMinor: 50_000n, reducedMs: 24 * 3_600_000 },
    // Risk rules off, except in the tests of the rules themselves.
    risk: RISK_OFF,
    ...overrides,
  }
}

/** Risk rules that never fire: tests of other things move money faster than any person would. */
export const RISK_OFF: RiskRules = {
  ...DEFAULT_RISK_RULES,
  wrongPasswords: 1_000,
  velocityStepUp: 1_000_000,
  velocityBlock: 1_000_000,
  hourlyAmountMinor: 10n ** 15n,
  hourlyHoldMinor: 10n ** 15n,
  newAccountStepUpMinor: 10n ** 15n,
  newAccountBlockMinor: 10n ** 15n,
  unusualMinMinor: 10n ** 15n,
  newRecipients: 1_000_000,
  farmingSources: 1_000_000,
}

/** A movable clock for expiry tests. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-29T08:00:00Z')) {}
  now(): Date {
    return new Date(this.current)
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
  set(at: Date): void {
    this.current = new Date(at)
  }
}

export interface TempDatabase {
  db: Database
  /** The DATABASE_URL a second process would use to reach the same database. */
  url: string
  /** Closes the database and deletes it (its folder, or the PostgreSQL database). */
  dispose(): Promise<void>
}

export interface TempDatabaseOptions {
  clock?: Clock
  /** SQLite: how long work waits for another process's lock. */
  lockWaitMs?: number
  /** PostgreSQL: connections in the pool. */
  poolSize?: number
}

/**
 * A fresh database on this run's engine, migrated like the app does on start: a real SQLite
 * file in a new temporary folder, or a new database on the PostgreSQL server.
 */
export async function tempDatabase(options: TempDatabaseOptions = {}): Promise<TempDatabase> {
  if (hasPostgres) {
    const server = await createTempPostgresDatabase()
    const db = await openDatabase({ url: server.url, clock: options.clock, poolSize: options.poolSize })
    return {
      db,
      url: server.url,
      async dispose() {
        await db.close()
        await server.drop()
      },
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-test-'))
  const url = `file:${path.join(dir, 'wallet.db')}`
  const db = await openDatabase({ url, clock: options.clock, lockWaitMs: options.lockWaitMs })
  return {
    db,
    url,
    async dispose() {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let nextTelegramId = 1_000n

export function openTestWallet(db: Database, name: string, currency = 'CNY'): Promise<WalletUser> {
  nextTelegramId += 1n
  return openWallet(db, { telegramId: nextTelegramId, username: name, firstName: name }, currency)
}
