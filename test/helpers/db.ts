import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase, type Database } from '../../core/db/database.js'
import type { Clock } from '../../core/db/group-commit.js'
import type { WalletConfig } from '../../core/wallet/config.js'
import { openWallet, type WalletUser } from '../../core/wallet/users.js'

export const ADMIN_TELEGRAM_ID = 9_000_000_001n

export function testConfig(overrides: Partial<WalletConfig> = {}): WalletConfig {
  return {
    currency: 'CNY',
    adminTelegramIds: new Set([ADMIN_TELEGRAM_ID]),
    maxPaymentMinor: 5_000_000n,
    maxMemoLength: 100,
    ...overrides,
  }
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
}

export interface TempDatabase {
  db: Database
  url: string
  dir: string
  /** Closes the database and deletes its folder. */
  dispose(): Promise<void>
}

/** A real SQLite file in a fresh temporary folder, migrated like the app does on start. */
export function tempDatabase(options: { clock?: Clock; lockWaitMs?: number } = {}): TempDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-test-'))
  const url = `file:${path.join(dir, 'wallet.db')}`
  const db = openDatabase({ url, clock: options.clock, lockWaitMs: options.lockWaitMs })
  return {
    db,
    url,
    dir,
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
