import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { noticeKeys } from '../../core/common/keys.js'
import { confirmPaymentCard, createPaymentCard, type CardOutcome } from '../../core/p2p/cards.js'
import { spendingOn } from '../../core/security/authorize.js'
import { PasswordHasher, storePassword } from '../../core/security/password.js'
import { entryTargets, openEntry, pressKey } from '../../core/security/password-entry.js'
import { decideHeldPayment, expireHeldPayments, reviewQueue } from '../../core/security/review.js'
import { DEFAULT_RISK_RULES } from '../../core/security/risk.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, TEST_PEPPER, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const PIN = '274916'
const DAY = 24 * 3_600_000
// ¥10,000 out within an hour is held for review; everything else about risk as shipped.
const config = testConfig({
  risk: { ...DEFAULT_RISK_RULES, hourlyHoldMinor: 1_000_000n },
  passwordFree: { paymentMinor: 100_000n, dailyMinor: 10n ** 9n, paymentCapMinor: 10n ** 9n, dailyCapMinor: 10n ** 9n, withoutPasswordDailyMinor: 10n ** 9n },
})
const hasher = new PasswordHasher(TEST_PEPPER)
const OTHER_ADMIN = ADMIN_TELEGRAM_ID + 1n

describe(`payments held for review: escrow, one decision, money moved once (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let payer: WalletUser
  let payee: WalletUser
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    t = await tempDatabase({ clock })
    payer = await openTestWallet(t.db, 'payer')
    payee = await openTestWallet(t.db, 'payee')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 5_000_000n })
    await storePassword(t.db, hasher, config.passwordReset, payer.id, PIN, 'set')
    await t.db.write((tx) => tx.run('UPDATE users SET created_at = ? WHERE id = ?', new Date(clock.now().getTime() - 30 * DAY), payer.id))
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })

  const actor = () => ({ userId: payer.id, telegramId: payer.telegramId })
  const balance = async (user: WalletUser) => (await getBalance(t.db, user.id, 'CNY')).balanceMinor

  /** A card paid with the password typed on the keypad (a hold always asks for it). */
  async function payWithPassword(amountMinor: bigint): Promise<{ token: string; outcome: Promise<CardOutcome> }> {
    const card = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { userId: payee.id }, amountMinor })
    await expect(confirmPaymentCard(t.db, config, card.token, actor())).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    let entry = await openEntry(t.db, { userId: payer.id, purpose: 'pay_card', target: entryTargets.card(card.token) })
    for (const digit of PIN) ({ entry } = await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: entry.seq, key: entry.layout.indexOf(digit) }))
    return { token: card.token, outcome: confirmPaymentCard(t.db, config, card.token, actor()) }
  }

  async function holdOne(amountMinor = 1_200_000n) {
    const { token, outcome } = await payWithPassword(amountMinor)
    const paid = await outcome
    if (paid.kind !== 'transfer' || !paid.receipt.held) throw new Error('expected a held transfer')
    return { token, receipt: paid.receipt, heldPaymentId: paid.receipt.held.id }
  }

  it('a held payment waits in escrow: the payee has nothing, a second press finds the same hold, approval pays the payee once', async () => {
    const { token, receipt, heldPaymentId } = await holdOne()
    expect(receipt.held?.reasons).toEqual(['amount_velocity:hold'])
    expect(receipt.toBalanceAfterMinor).toBeNull()
    expect([await balance(payer), await balance(payee)]).toEqual([3_800_000n, 0n])
    const again = await confirmPaymentCard(t.db, config, token, actor())
    expect(again).toMatchObject({ kind: 'transfer', alreadyDone: true, receipt: { held: { id: heldPaymentId } } })
    expect(await reviewQueue(t.db)).toMatchObject({ waiting: 1, first: [{ id: heldPaymentId, payerUserId: payer.id, payeeUserId: payee.id, amountMinor: 1_200_000n, status: 'held' }] })

    const approved = await decideHeldPayment(t.db, heldPaymentId, 'approve', ADMIN_TELEGRAM_ID)
    expect(approved).toMatchObject({ decidedNow: true, held: { status: 'approved', decidedByTelegramId: ADMIN_TELEGRAM_ID } })
    expect(approved.notices).toHaveLength(2)
    for (const [decision, admin] of [['approve', OTHER_ADMIN], ['reject', OTHER_ADMIN], ['reject', ADMIN_TELEGRAM_ID]] as const) {
      expect(await decideHeldPayment(t.db, heldPaymentId, decision, admin)).toMatchObject({ decidedNow: false, notices: [], held: { status: 'approved', decidedByTelegramId: ADMIN_TELEGRAM_ID } })
    }
    expect([await balance(payer), await balance(payee)]).toEqual([3_800_000n, 1_200_000n])
    expect((await reviewQueue(t.db)).waiting).toBe(0)

    const outbox = await t.db.read((tx) => tx.all<{ dedupe_key: string; type: string; user_id: unknown }>(`SELECT dedupe_key, type, user_id FROM outbox WHERE type <> 'topped_up' ORDER BY id`))
    expect(outbox.map((row) => [row.type, Number(row.user_id)])).toEqual([
      ['transfer_received', payee.id],
      ['payment_reviewed', payer.id],
    ])
    expect(outbox.map((row) => row.dedupe_key)).toContain(noticeKeys.paymentReviewed(heldPaymentId))
    const decision = await t.db.read((tx) => tx.get<{ action: string; reasons: string; posting_id: unknown }>('SELECT action, reasons, posting_id FROM risk_decisions'))
    expect(decision).toMatchObject({ action: 'hold', reasons: 'amount_velocity:hold' })
    expect(Number(decision!.posting_id)).toBe(receipt.postingId)
    const events = await t.db.read((tx) => tx.all<{ kind: string }>('SELECT kind FROM security_events WHERE user_id = ? AND kind LIKE ? ORDER BY id', payer.id, 'payment_%'))
    expect(events.map((event) => event.kind)).toEqual(['payment_held', 'payment_approved'])
  })

  it("a rejected payment comes back exactly once, and no longer counts against the payer's day", async () => {
    const { heldPaymentId } = await holdOne()
    const day = (await t.db.read((tx) => tx.get<{ spending_day: string }>('SELECT spending_day FROM held_payments')))!.spending_day
    expect((await t.db.read((tx) => spendingOn(tx, payer.id, day))).spentMinor).toBe(1_200_000n)
    expect(await decideHeldPayment(t.db, heldPaymentId, 'reject', ADMIN_TELEGRAM_ID)).toMatchObject({ decidedNow: true, held: { status: 'rejected' } })
    expect(await decideHeldPayment(t.db, heldPaymentId, 'reject', ADMIN_TELEGRAM_ID)).toMatchObject({ decidedNow: false })
    expect(await decideHeldPayment(t.db, heldPaymentId, 'approve', ADMIN_TELEGRAM_ID)).toMatchObject({ decidedNow: false, held: { status: 'rejected' } })
    expect([await balance(payer), await balance(payee)]).toEqual([5_000_000n, 0n])
    expect((await t.db.read((tx) => spendingOn(tx, payer.id, day))).spentMinor).toBe(0n)
    const kinds = await t.db.read((tx) => tx.all<{ kind: string }>('SELECT kind FROM postings ORDER BY id'))
    expect(kinds.map((row) => row.kind)).toEqual(['topup', 'review_hold', 'review_return'])
  })

  it('approve and reject pressed at once by different admins: exactly one wins and the money moves once', async () => {
    const { heldPaymentId } = await holdOne()
    const outcomes = await Promise.all([
      decideHeldPayment(t.db, heldPaymentId, 'approve', ADMIN_TELEGRAM_ID),
      decideHeldPayment(t.db, heldPaymentId, 'reject', OTHER_ADMIN),
      decideHeldPayment(t.db, heldPaymentId, 'approve', OTHER_ADMIN),
      decideHeldPayment(t.db, heldPaymentId, 'reject', ADMIN_TELEGRAM_ID),
    ])
    expect(outcomes.filter((outcome) => outcome.decidedNow)).toHaveLength(1)
    const status = outcomes[0]!.held.status
    expect(outcomes.every((outcome) => outcome.held.status === status)).toBe(true)
    expect([await balance(payer), await balance(payee)]).toEqual(status === 'approved' ? [3_800_000n, 1_200_000n] : [5_000_000n, 0n])
  })

  it('a held payment nobody reviews in time goes back to the payer; a late decision changes nothing', async () => {
    const { heldPaymentId } = await holdOne()
    clock.advance(config.reviewTimeoutMs - 1_000)
    expect(await expireHeldPayments(t.db)).toBe(0)
    clock.advance(1_000)
    expect(await expireHeldPayments(t.db)).toBe(1)
    expect(await expireHeldPayments(t.db)).toBe(0)
    expect(await decideHeldPayment(t.db, heldPaymentId, 'approve', ADMIN_TELEGRAM_ID)).toMatchObject({ decidedNow: false, held: { status: 'expired', decidedByTelegramId: null } })
    expect([await balance(payer), await balance(payee)]).toEqual([5_000_000n, 0n])
  })

  it('a flow whose payee cannot wait is refused instead of held (a claim link) before any password, and moves nothing', async () => {
    const card = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { username: 'not_here_yet' }, amountMinor: 1_200_000n })
    await expect(confirmPaymentCard(t.db, config, card.token, actor())).rejects.toMatchObject({ code: 'RISK_BLOCKED', details: { rules: 'amount_velocity' } })
    expect(await balance(payer)).toBe(5_000_000n)
    expect((await reviewQueue(t.db)).waiting).toBe(0)
  })

  it('below the hold threshold the same payment is paid at once', async () => {
    const { outcome } = await payWithPassword(900_000n)
    await expect(outcome).resolves.toMatchObject({ kind: 'transfer', receipt: { held: null, toBalanceAfterMinor: 900_000n } })
    await expect(decideHeldPayment(t.db, 1, 'approve', ADMIN_TELEGRAM_ID)).rejects.toMatchObject({ code: 'HELD_PAYMENT_NOT_FOUND' })
  })
})
