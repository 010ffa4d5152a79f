import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { createClaimInTx } from '../../core/p2p/claims.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()

/** Each tampering breaks one invariant behind the ledger's back; the auditor must say which. */
describe('the auditor catches what it claims to check', () => {
  let t: TempDatabase
  beforeEach(async () => {
    t = await tempDatabase()
    const a = await openTestWallet(t.db, 'a')
    const b = await openTestWallet(t.db, 'b')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 1000n })
    await transfer(t.db, config, { idempotencyKey: 'pay', fromUserId: a.id, toUserId: b.id, amountMinor: 300n })
    await t.db.write((tx) => createClaimInTx(tx, config, { idempotencyKey: 'claim', senderUserId: a.id, amountMinor: 200n, currency: 'CNY', memo: null, target: null }))
  })
  afterEach(() => t.dispose())

  const failing = async () => (await audit(t.db)).checks.filter((c) => !c.ok).map((c) => c.name)

  it('passes on an honest ledger', async () => {
    const report = await audit(t.db)
    expect(report.ok).toBe(true)
    expect(formatAuditReport(report)).toMatch(/AUDIT PASSED \(accounts 4, postings 3, transfers 3, holds 1\)/)
  })

  it('reports a check it could not run instead of crashing', async () => {
    await t.db.exec(`UPDATE accounts SET balance_minor = 9000000000000000000 WHERE kind = 'wallet'`)
    const report = await audit(t.db)
    const conservation = report.checks.find((c) => c.name === 'conservation')!
    expect(conservation.violations.join('\n')).toMatch(/could not be checked: (integer overflow|bigint out of range)/)
    expect(formatAuditReport(report)).toMatch(/AUDIT FAILED/)
  })

  const cases: Array<[label: string, sql: string, failing: string[]]> = [
    ['a balance edited by hand', `UPDATE accounts SET balance_minor = balance_minor + 1 WHERE code LIKE 'wallet:1:%'`, ['conservation', 'balance = journal replay']],
    ['money moved without a journal', `UPDATE accounts SET balance_minor = balance_minor + 5 WHERE code LIKE 'wallet:1:%'; UPDATE accounts SET balance_minor = balance_minor - 5 WHERE code LIKE 'wallet:2:%'`, ['balance = journal replay']],
    ['a lost entry', `DELETE FROM entries WHERE id = (SELECT MAX(id) FROM entries WHERE amount_minor > 0)`, ['conservation', 'balance = journal replay']],
    ['a wallet below zero', `UPDATE accounts SET balance_minor = -1 WHERE code LIKE 'wallet:2:%'; UPDATE entries SET balance_after_minor = -1 WHERE FALSE`, ['conservation', 'no negative wallet', 'balance = journal replay']],
    ['a wrong running balance', `UPDATE entries SET balance_after_minor = balance_after_minor + 1 WHERE id = (SELECT MIN(id) FROM entries WHERE amount_minor > 0)`, ['running balance after each entry']],
    ['an escrow that owes more than it holds', `UPDATE holds SET remaining_minor = remaining_minor + 1`, ['escrow = open holds', 'every hold accounted for']],
    ['a closed hold that kept money', `UPDATE holds SET status = 'expired'`, ['escrow = open holds', 'every hold accounted for', 'each hold agrees with its owner']],
    ['a cancelled claim whose money stayed in escrow', `UPDATE claims SET status = 'cancelled'`, ['each hold agrees with its owner']],
    ['a claimed claim that paid nobody', `UPDATE claims SET status = 'claimed'`, ['each hold agrees with its owner']],
    ['a hold nobody owns', `DELETE FROM claims`, ['each hold agrees with its owner']],
    // SQLite stores whatever it is given; PostgreSQL's BIGINT columns refuse floats themselves.
    ...(ENGINE === 'sqlite'
      ? ([
          ['a balance that overflowed into a float', `UPDATE accounts SET balance_minor = 9.3e18 WHERE code LIKE 'wallet:1:%'`, ['amounts are integers in range', 'conservation', 'balance = journal replay']],
          ['a fractional amount', `UPDATE transfers SET amount_minor = 300.5 WHERE id = 2`, ['amounts are integers in range', 'conservation']],
        ] as Array<[string, string, string[]]>)
      : []),
    ['balances whose sum overflows', `UPDATE accounts SET balance_minor = 9000000000000000000 WHERE kind = 'wallet'`, ['amounts are integers in range', 'conservation', 'balance = journal replay']],
  ]
  it.each(cases)('fails on %s', async (_label, sql, expected) => {
    await t.db.exec(sql)
    expect(await failing()).toEqual(expected)
  })
})
