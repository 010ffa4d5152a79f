import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { isDomainError } from '../../core/errors.js'
import { MAX_AMOUNT_MINOR, MAX_BALANCE_MINOR } from '../../core/money/bounds.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, testConfig, type TempDatabase } from '../helpers/db.js'

/**
 * Balances never leave ±MAX_BALANCE_MINOR, so SQLite never turns one into a float. Money is
 * conserved, so the issuance account is the one that reaches the bound first: every wallet
 * together holds exactly what issuance is below zero.
 */
describe('ledger bounds', () => {
  const config = testConfig({ maxPaymentMinor: MAX_AMOUNT_MINOR })
  let t: TempDatabase
  beforeEach(async () => {
    t = await tempDatabase()
  })
  afterEach(() => t.dispose())

  const refusal = async (work: Promise<unknown>) => {
    try {
      await work
    } catch (error) {
      if (isDomainError(error)) return error.code
      throw error
    }
    return 'accepted'
  }

  it('refuses the top-up that would take issuance or a wallet past the bound, and nothing moves', async () => {
    const [a, b] = [await openTestWallet(t.db, 'a'), await openTestWallet(t.db, 'b')]
    const topUps = Number(MAX_BALANCE_MINOR / MAX_AMOUNT_MINOR) // exactly fills the bound
    for (let i = 0; i < topUps; i++) {
      const toUserId = i % 2 === 0 ? a.id : b.id
      await topUp(t.db, config, { idempotencyKey: `t${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId, amountMinor: MAX_AMOUNT_MINOR })
    }
    // Issuance now sits at -MAX_BALANCE_MINOR: one fen more would pass it.
    expect(await refusal(topUp(t.db, config, { idempotencyKey: 'over', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 1n }))).toBe('BALANCE_LIMIT')
    expect((await getBalance(t.db, a.id, 'CNY')).balanceMinor + (await getBalance(t.db, b.id, 'CNY')).balanceMinor).toBe(MAX_BALANCE_MINOR)
    expect((await audit(t.db)).ok).toBe(true)
  })

  it('refuses any single amount above MAX_AMOUNT_MINOR, whatever the configured maximum', async () => {
    const a = await openTestWallet(t.db, 'a')
    const loose = testConfig({ maxPaymentMinor: MAX_BALANCE_MINOR })
    expect(await refusal(topUp(t.db, loose, { idempotencyKey: 'big', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: MAX_AMOUNT_MINOR + 1n }))).toBe('AMOUNT_TOO_LARGE')
    expect((await getBalance(t.db, a.id, 'CNY')).balanceMinor).toBe(0n)
  })
})
