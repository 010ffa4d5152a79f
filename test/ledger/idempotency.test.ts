import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()

describe('refusals change nothing', () => {
  let t: TempDatabase
  beforeEach(async () => {
    t = await tempDatabase()
  })
  afterEach(() => t.dispose())

  async function fundedPair() {
    const a = await openTestWallet(t.db, 'a')
    const b = await openTestWallet(t.db, 'b')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 1000n, note: 'welcome' })
    return { a, b }
  }

  it('the same key with a different request is refused with IDEMPOTENCY_CONFLICT', async () => {
    const { a, b } = await fundedPair()
    await transfer(t.db, config, { idempotencyKey: 'k', fromUserId: a.id, toUserId: b.id, amountMinor: 100n })
    await expect(
      transfer(t.db, config, { idempotencyKey: 'k', fromUserId: a.id, toUserId: b.id, amountMinor: 999n }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' })
    expect((await getBalance(t.db, a.id, 'CNY')).balanceMinor).toBe(900n)
  })

  it.each([
    ['a non-positive amount', { amountMinor: 0n }, 'AMOUNT_NOT_POSITIVE'],
    ['an amount over the limit', { amountMinor: 5_000_001n }, 'AMOUNT_TOO_LARGE'],
    ['money to oneself', { self: true }, 'SELF_TRANSFER'],
    ['an unknown recipient', { toUserId: 424242 }, 'USER_NOT_FOUND'],
    ['a too-long memo', { memo: '好'.repeat(101) }, 'MEMO_TOO_LONG'],
    ['more than the balance', { amountMinor: 1001n }, 'INSUFFICIENT_FUNDS'],
  ])('%s', async (_label, change, code) => {
    const { a, b } = await fundedPair()
    const before = await t.db.prisma.entry.count()
    const { self, ...rest } = change as { self?: boolean; amountMinor?: bigint; toUserId?: number; memo?: string }
    await expect(
      transfer(t.db, config, { idempotencyKey: 'x', fromUserId: a.id, toUserId: self ? a.id : b.id, amountMinor: 100n, ...rest }),
    ).rejects.toMatchObject({ code })
    expect(await t.db.prisma.entry.count()).toBe(before)
    expect((await getBalance(t.db, a.id, 'CNY')).balanceMinor).toBe(1000n)
    expect((await audit(t.db)).ok).toBe(true)
  })

  it('a refused key stays free: after a top-up the same button works', async () => {
    const { a, b } = await fundedPair()
    const command = { idempotencyKey: 'retry', fromUserId: a.id, toUserId: b.id, amountMinor: 1500n }
    await expect(transfer(t.db, config, command)).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' })
    await topUp(t.db, config, { idempotencyKey: 'more', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 500n })
    await expect(transfer(t.db, config, command)).resolves.toMatchObject({ fromBalanceAfterMinor: 0n })
  })

  it('only admins top up, and the admin and note are on the record', async () => {
    const { a } = await fundedPair()
    await expect(
      topUp(t.db, config, { idempotencyKey: 'nope', adminTelegramId: 77n, toUserId: a.id, amountMinor: 100n }),
    ).rejects.toMatchObject({ code: 'NOT_ADMIN' })
    const posting = await t.db.prisma.posting.findUnique({ where: { idempotencyKey: 'fund' } })
    expect(posting).toMatchObject({ kind: 'topup', actorTelegramId: ADMIN_TELEGRAM_ID, memo: 'welcome' })
    expect(await t.db.prisma.posting.count()).toBe(1)
  })
})
