import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { securityStatus } from '../../core/security/account-security.js'
import { PasswordHasher, storePassword } from '../../core/security/password.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, TEST_PEPPER, testConfig, type TempDatabase } from '../helpers/db.js'
import { inSeparateProcesses } from '../helpers/two-processes.js'

const config = testConfig()
const count = (outcomes: unknown[], what: string) => outcomes.filter((o) => o === what).length

/** The authorization step's counters raced from two real processes on one database. */
describe(`the daily limit and the password lockout across two processes (${ENGINE})`, () => {
  let t: TempDatabase
  beforeEach(async () => (t = await tempDatabase()))
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })

  it('50 payments against a daily limit that fits 10, 25 from each process: exactly 10 pass', async () => {
    const payer = await openTestWallet(t.db, 'payer')
    const payees = await Promise.all(Array.from({ length: 50 }, (_, i) => openTestWallet(t.db, `payee${i}`)))
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 100_000n })
    const job = (from: number) => ({
      kind: 'transfers' as const,
      fromUserId: payer.id,
      toUserIds: payees.slice(from, from + 25).map((p) => p.id),
      amountMinor: '1000',
      keyPrefix: `d${from}-`,
      dailyLimitMinor: '10000',
    })
    const outcomes = (await inSeparateProcesses(t.url, [job(0), job(25)])).flat()
    expect(count(outcomes, 'ok')).toBe(10)
    expect(count(outcomes, 'DAILY_LIMIT_EXCEEDED')).toBe(40)
    expect((await getBalance(t.db, payer.id, 'CNY')).balanceMinor).toBe(90_000n)
  })

  it('wrong passwords fired from two processes at once never run more checks than the lockout count', async () => {
    const owner = await openTestWallet(t.db, 'owner')
    await storePassword(t.db, new PasswordHasher(TEST_PEPPER), config.passwordReset, owner.id, '274916', 'set')
    const job = { kind: 'passwordChecks' as const, userId: owner.id, pin: '999990', checks: 10 }
    const outcomes = (await inSeparateProcesses(t.url, [job, job])).flat()
    expect(count(outcomes, 'ok')).toBe(config.passwordLock.maxTries) // checks that ran (and were wrong)
    expect(count(outcomes, 'PASSWORD_LOCKED')).toBe(20 - config.passwordLock.maxTries)
    expect((await securityStatus(t.db, config, owner.id)).passwordLockedUntil).not.toBeNull()
  })
})
