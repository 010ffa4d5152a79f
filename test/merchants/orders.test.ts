import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { createMerchant } from '../../core/merchants/merchants.js'
import { closeMerchantOrder, createCharge, expireMerchantOrders, payOrder } from '../../core/merchants/orders.js'
import { confirmRefund, requestRefund } from '../../core/merchants/refunds.js'
import { PasswordHasher, storePassword } from '../../core/security/password.js'
import { entryTargets, openEntry, pressKey } from '../../core/security/password-entry.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, TEST_PEPPER, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()
const hasher = new PasswordHasher(TEST_PEPPER)
const PIN = '274916'

describe(`merchant orders and refunds under concurrency (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let owner: WalletUser
  let payers: WalletUser[]
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    t = await tempDatabase({ clock })
    owner = await openTestWallet(t.db, 'owner')
    payers = await Promise.all(Array.from({ length: 8 }, (_, i) => openTestWallet(t.db, `payer${i}`)))
    for (const payer of payers) await topUp(t.db, config, { idempotencyKey: `fund${payer.id}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 10_000n })
    await createMerchant(t.db, config, { ownerUserId: owner.id, name: 'Lucky Noodles', category: 'Restaurant' })
    await storePassword(t.db, hasher, config.passwordReset, owner.id, PIN, 'set')
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })

  const balance = async (user: WalletUser) => (await getBalance(t.db, user.id, 'CNY')).balanceMinor
  const merchantHolds = async () => BigInt(String((await t.db.read((tx) => tx.get<{ b: unknown }>(`SELECT balance_minor AS b FROM accounts WHERE kind = 'merchant'`)))!.b))
  const outcome = (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code ?? 'error')
  async function withPassword(token: string) {
    let entry = await openEntry(t.db, { userId: owner.id, purpose: 'refund', target: entryTargets.refund(token) })
    for (const digit of PIN) ({ entry } = await pressKey(t.db, hasher, config, { token: entry.token, userId: owner.id, seq: entry.seq, key: entry.layout.indexOf(digit) }))
  }

  it('eight payers pressing Pay on one order at once: exactly one pays, the rest are told it was paid', async () => {
    const { order } = await createCharge(t.db, config, { ownerUserId: owner.id, amountMinor: 2_500n, description: 'noodles' })
    const outcomes = await Promise.all(payers.map((payer) => outcome(payOrder(t.db, config, order.token, { userId: payer.id, telegramId: payer.telegramId }))))
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'ORDER_PAID')).toHaveLength(7)
    expect(await merchantHolds()).toBe(2_500n)
    const paidOut = await Promise.all(payers.map(balance))
    expect(paidOut.reduce((a, b) => a + b, 0n)).toBe(80_000n - 2_500n)
  })

  it('pay, close and expire racing on one order: exactly one ends it', async () => {
    for (let round = 0; round < 5; round++) {
      const { order } = await createCharge(t.db, config, { ownerUserId: owner.id, amountMinor: 100n })
      const [paid, closed] = await Promise.all([
        outcome(payOrder(t.db, config, order.token, { userId: payers[0]!.id, telegramId: payers[0]!.telegramId })),
        outcome(closeMerchantOrder(t.db, order.token, owner.id)),
      ])
      expect([paid, closed].sort()).toEqual(paid === 'ok' ? ['ORDER_PAID', 'ok'] : ['ORDER_CLOSED', 'ok'])
    }
    const { order } = await createCharge(t.db, config, { ownerUserId: owner.id, amountMinor: 100n })
    clock.advance(30 * 60_000)
    expect(await expireMerchantOrders(t.db)).toBe(1)
    expect(await outcome(payOrder(t.db, config, order.token, { userId: payers[1]!.id, telegramId: payers[1]!.telegramId }))).toBe('ORDER_EXPIRED')
  })

  it('refund cards for more than was paid, confirmed at once: together they never refund more than the payment', async () => {
    const { order } = await createCharge(t.db, config, { ownerUserId: owner.id, amountMinor: 1_000n })
    await payOrder(t.db, config, order.token, { userId: payers[0]!.id, telegramId: payers[0]!.telegramId })
    const cards = await Promise.all([400n, 400n, 400n].map((amountMinor) => requestRefund(t.db, config, { ownerUserId: owner.id, orderId: order.id, amountMinor })))
    for (const card of cards) await withPassword(card.refund.token)
    const outcomes = await Promise.all(cards.map((card) => outcome(confirmRefund(t.db, config, card.refund.token, owner.id))))
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(2)
    expect(outcomes.filter((o) => o === 'REFUND_TOO_LARGE')).toHaveLength(1)
    expect([await balance(payers[0]!), await merchantHolds()]).toEqual([10_000n - 1_000n + 800n, 200n])
    // A repeated confirm of a done refund moves nothing.
    const done = cards[outcomes.indexOf('ok')]!
    await expect(confirmRefund(t.db, config, done.refund.token, owner.id)).resolves.toMatchObject({ alreadyDone: true })
    expect(await merchantHolds()).toBe(200n)
  })
})
