import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()

describe('concurrency on a real SQLite file', () => {
  let t: TempDatabase
  beforeEach(async () => {
    t = await tempDatabase()
  })
  afterEach(() => t.dispose())

  it('50 concurrent transfers from a wallet that can afford 10: exactly 10 succeed, balance ends at 0', async () => {
    const payer = await openTestWallet(t.db, 'payer')
    const payees = await Promise.all(Array.from({ length: 50 }, (_, i) => openTestWallet(t.db, `payee${i}`)))
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 1000n })

    const outcomes = await Promise.allSettled(
      payees.map((payee, i) =>
        transfer(t.db, config, { idempotencyKey: `t${i}`, fromUserId: payer.id, toUserId: payee.id, amountMinor: 100n }),
      ),
    )
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled')
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    expect(succeeded).toHaveLength(10)
    expect(refused).toHaveLength(40)
    expect(refused.every((o) => o.reason.code === 'INSUFFICIENT_FUNDS')).toBe(true)
    expect((await getBalance(t.db, payer.id, 'CNY')).balanceMinor).toBe(0n)
    const received = await Promise.all(payees.map((p) => getBalance(t.db, p.id, 'CNY')))
    expect(received.reduce((sum, b) => sum + b.balanceMinor, 0n)).toBe(1000n)
    expect((await audit(t.db)).ok).toBe(true)
  })

  it('the same idempotency key fired 20 times at once: one effect, 20 identical results', async () => {
    const a = await openTestWallet(t.db, 'a')
    const b = await openTestWallet(t.db, 'b')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 1000n })

    const receipts = await Promise.all(
      Array.from({ length: 20 }, () =>
        transfer(t.db, config, { idempotencyKey: 'double-tap', fromUserId: a.id, toUserId: b.id, amountMinor: 300n, memo: 'lunch' }),
      ),
    )
    for (const receipt of receipts) expect(receipt).toEqual(receipts[0])
    expect(receipts[0]).toMatchObject({ amountMinor: 300n, fromBalanceAfterMinor: 700n, toBalanceAfterMinor: 300n, memo: 'lunch' })
    expect((await getBalance(t.db, a.id, 'CNY')).balanceMinor).toBe(700n)
    expect((await getBalance(t.db, b.id, 'CNY')).balanceMinor).toBe(300n)
    expect(await t.db.prisma.posting.count({ where: { kind: 'transfer' } })).toBe(1)
    expect((await audit(t.db)).ok).toBe(true)
  })

  it('a replay after a restart still returns the first receipt', async () => {
    const a = await openTestWallet(t.db, 'a')
    const b = await openTestWallet(t.db, 'b')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 500n })
    const first = await transfer(t.db, config, { idempotencyKey: 'k', fromUserId: a.id, toUserId: b.id, amountMinor: 200n })
    await transfer(t.db, config, { idempotencyKey: 'k2', fromUserId: a.id, toUserId: b.id, amountMinor: 100n })
    const again = await transfer(t.db, config, { idempotencyKey: 'k', fromUserId: a.id, toUserId: b.id, amountMinor: 200n })
    expect(again).toEqual(first) // balances after are the original ones, not today's
  })
})
