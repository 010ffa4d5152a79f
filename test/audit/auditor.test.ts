import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { ensureWalletAccount } from '../../core/ledger/accounts.js'
import { openHold } from '../../core/ledger/holds.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()

/** Each tampering breaks one invariant behind the ledger's back; the auditor must say which. */
describe('the auditor catches what it claims to check', () => {
  let t: TempDatabase
  beforeEach(async () => {
    t = tempDatabase()
    const a = await openTestWallet(t.db, 'a')
    const b = await openTestWallet(t.db, 'b')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 1000n })
    await transfer(t.db, config, { idempotencyKey: 'pay', fromUserId: a.id, toUserId: b.id, amountMinor: 300n })
    await t.db.writer.run((tx) =>
      openHold(tx, {
        idempotencyKey: 'hold',
        kind: 'claim',
        sourceAccountId: ensureWalletAccount(tx, a.id, 'CNY'),
        currency: 'CNY',
        amountMinor: 200n,
        expiresAt: new Date(tx.now.getTime() + 1000),
      }),
    )
  })
  afterEach(() => t.dispose())

  const failing = async () => (await audit(t.db)).checks.filter((c) => !c.ok).map((c) => c.name)

  it('passes on an honest ledger', async () => {
    const report = await audit(t.db)
    expect(report.ok).toBe(true)
    expect(formatAuditReport(report)).toMatch(/AUDIT PASSED \(accounts 4, postings 3, transfers 3, holds 1\)/)
  })

  it.each([
    ['a balance edited by hand', `UPDATE accounts SET balance_minor = balance_minor + 1 WHERE code LIKE 'wallet:1:%'`, ['conservation', 'balance = journal replay']],
    ['money moved without a journal', `UPDATE accounts SET balance_minor = balance_minor + 5 WHERE code LIKE 'wallet:1:%'; UPDATE accounts SET balance_minor = balance_minor - 5 WHERE code LIKE 'wallet:2:%'`, ['balance = journal replay']],
    ['a lost entry', `DELETE FROM entries WHERE id = (SELECT MAX(id) FROM entries WHERE amount_minor > 0)`, ['conservation', 'balance = journal replay']],
    ['a wallet below zero', `UPDATE accounts SET balance_minor = -1 WHERE code LIKE 'wallet:2:%'; UPDATE entries SET balance_after_minor = -1 WHERE 0`, ['conservation', 'no negative wallet', 'balance = journal replay']],
    ['a wrong running balance', `UPDATE entries SET balance_after_minor = balance_after_minor + 1 WHERE id = (SELECT MIN(id) FROM entries WHERE amount_minor > 0)`, ['running balance after each entry']],
    ['an escrow that owes more than it holds', `UPDATE holds SET remaining_minor = remaining_minor + 1`, ['escrow = open holds', 'every hold accounted for']],
    ['a closed hold that kept money', `UPDATE holds SET status = 'expired'`, ['escrow = open holds', 'every hold accounted for']],
  ])('fails on %s', async (_label, sql, expected) => {
    t.db.sqlite.exec(sql)
    expect(await failing()).toEqual(expected)
  })
})
