import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { cancelPaymentCard, CARD_TTL_MS, confirmPaymentCard, createPaymentCard } from '../../core/p2p/cards.js'
import { cancelClaim, claimByToken, CLAIM_TTL_MS, expireClaims } from '../../core/p2p/claims.js'
import { cancelInlineOffer, createInlineOffer, receiveInlineOffer } from '../../core/p2p/inline-offers.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()

describe('cards, claim links and inline offers', () => {
  let t: TempDatabase
  let clock: TestClock
  let a: WalletUser
  let b: WalletUser
  let c: WalletUser
  beforeEach(async () => {
    clock = new TestClock()
    t = await tempDatabase({ clock })
    a = await openTestWallet(t.db, 'a')
    b = await openTestWallet(t.db, 'b')
    c = await openTestWallet(t.db, 'c')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 10_000n })
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })
  const balance = async (u: WalletUser) => (await getBalance(t.db, u.id, 'CNY')).balanceMinor

  it('a card confirms once, only by its payer, and not after 10 minutes', async () => {
    const card = await createPaymentCard(t.db, config, { fromUserId: a.id, to: { userId: b.id }, amountMinor: 1250n, memo: 'lunch' })
    await expect(confirmPaymentCard(t.db, config, card.token, { userId: b.id, telegramId: b.telegramId })).rejects.toMatchObject({ code: 'NOT_YOUR_BUTTON' })
    await expect(confirmPaymentCard(t.db, config, 'AAAAAAAAAAAAAAAA', { userId: a.id, telegramId: a.telegramId })).rejects.toMatchObject({ code: 'CARD_NOT_FOUND' })
    const [first, second] = await Promise.all([
      confirmPaymentCard(t.db, config, card.token, { userId: a.id, telegramId: a.telegramId }),
      confirmPaymentCard(t.db, config, card.token, { userId: a.id, telegramId: a.telegramId }),
    ])
    expect([first.alreadyDone, second.alreadyDone]).toEqual([false, true])
    expect(await balance(b)).toBe(1250n)
    expect(await cancelPaymentCard(t.db, card.token, a.id)).toMatchObject({ status: 'confirmed' }) // too late to cancel

    const late = await createPaymentCard(t.db, config, { fromUserId: a.id, to: { userId: b.id }, amountMinor: 100n })
    clock.advance(CARD_TTL_MS + 1)
    await expect(confirmPaymentCard(t.db, config, late.token, { userId: a.id, telegramId: a.telegramId })).rejects.toMatchObject({ code: 'CARD_EXPIRED' })
    const cancelled = await createPaymentCard(t.db, config, { fromUserId: a.id, to: { userId: b.id }, amountMinor: 100n })
    await cancelPaymentCard(t.db, cancelled.token, a.id)
    await expect(confirmPaymentCard(t.db, config, cancelled.token, { userId: a.id, telegramId: a.telegramId })).rejects.toMatchObject({ code: 'CARD_CANCELLED' })
    expect(await balance(b)).toBe(1250n)
  })

  it('a card is refused up front when the balance is already too low', async () => {
    await expect(createPaymentCard(t.db, config, { fromUserId: b.id, to: { userId: a.id }, amountMinor: 1n })).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    })
  })

  it('a card to an unknown @username becomes a claim link: the first other opener gets it', async () => {
    const card = await createPaymentCard(t.db, config, { fromUserId: a.id, to: { username: '@Stranger' }, amountMinor: 500n })
    const outcome = await confirmPaymentCard(t.db, config, card.token, { userId: a.id, telegramId: a.telegramId })
    if (outcome.kind !== 'claim') throw new Error('expected a claim')
    expect(await balance(a)).toBe(9_500n) // in escrow, not in the live balance
    await expect(claimByToken(t.db, outcome.claim.token, a.id)).rejects.toMatchObject({ code: 'CLAIM_OWN' })
    const [byC, byB] = await Promise.allSettled([claimByToken(t.db, outcome.claim.token, c.id), claimByToken(t.db, outcome.claim.token, b.id)])
    expect(byC.status).toBe('fulfilled')
    expect(byB).toMatchObject({ status: 'rejected', reason: { code: 'CLAIM_TAKEN' } })
    expect(await claimByToken(t.db, outcome.claim.token, c.id)).toMatchObject({ alreadyYours: true })
    expect(await balance(c)).toBe(500n)
    await expect(cancelClaim(t.db, outcome.claim.token, a.id)).rejects.toMatchObject({ code: 'CLAIM_TAKEN' })
  })

  it('an unclaimed claim returns to the sender exactly once, even with the job run twice at once', async () => {
    const card = await createPaymentCard(t.db, config, { fromUserId: a.id, to: { username: 'nobody' }, amountMinor: 700n })
    const outcome = await confirmPaymentCard(t.db, config, card.token, { userId: a.id, telegramId: a.telegramId })
    if (outcome.kind !== 'claim') throw new Error('expected a claim')
    expect(await expireClaims(t.db)).toEqual([]) // not yet
    clock.advance(CLAIM_TTL_MS)
    const [first, second] = await Promise.all([expireClaims(t.db), expireClaims(t.db)])
    expect(first.map((e) => e.returnedMinor)).toEqual([700n])
    expect(second).toEqual([])
    expect(await expireClaims(t.db)).toEqual([])
    expect(await balance(a)).toBe(10_000n)
    await expect(claimByToken(t.db, outcome.claim.token, b.id)).rejects.toMatchObject({ code: 'CLAIM_EXPIRED' })
  })

  it('the sender can take back an unclaimed claim', async () => {
    const card = await createPaymentCard(t.db, config, { fromUserId: a.id, to: { username: 'later' }, amountMinor: 300n })
    const outcome = await confirmPaymentCard(t.db, config, card.token, { userId: a.id, telegramId: a.telegramId })
    if (outcome.kind !== 'claim') throw new Error('expected a claim')
    await expect(cancelClaim(t.db, outcome.claim.token, b.id)).rejects.toMatchObject({ code: 'NOT_YOUR_BUTTON' })
    expect((await cancelClaim(t.db, outcome.claim.token, a.id)).returnedMinor).toBe(300n)
    await expect(claimByToken(t.db, outcome.claim.token, b.id)).rejects.toMatchObject({ code: 'CLAIM_CANCELLED' })
    expect(await balance(a)).toBe(10_000n)
  })

  it('an inline offer goes to the first other presser, debited at that moment', async () => {
    const offer = await createInlineOffer(t.db, config, { senderUserId: a.id, amountMinor: 1250n, memo: 'thanks' })
    expect(await balance(a)).toBe(10_000n) // nothing moves until someone receives it
    await expect(receiveInlineOffer(t.db, config, offer.token, a.id)).rejects.toMatchObject({ code: 'OFFER_OWN' })
    const results = await Promise.allSettled([receiveInlineOffer(t.db, config, offer.token, b.id), receiveInlineOffer(t.db, config, offer.token, c.id)])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected'])
    expect(await balance(b)).toBe(1250n)
    expect(await balance(c)).toBe(0n)
    await expect(cancelInlineOffer(t.db, offer.token, a.id)).rejects.toMatchObject({ code: 'OFFER_TAKEN' })
  })

  it('an inline offer the sender can no longer afford stays open, and it expires after 24 hours', async () => {
    const offer = await createInlineOffer(t.db, config, { senderUserId: b.id, amountMinor: 100n })
    await expect(receiveInlineOffer(t.db, config, offer.token, c.id)).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' })
    await topUp(t.db, config, { idempotencyKey: 'b-fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: b.id, amountMinor: 100n })
    const open = await createInlineOffer(t.db, config, { senderUserId: b.id, amountMinor: 100n })
    clock.advance(24 * 3600 * 1000 + 1)
    await expect(receiveInlineOffer(t.db, config, open.token, c.id)).rejects.toMatchObject({ code: 'OFFER_EXPIRED' })
    expect(await balance(b)).toBe(100n)
  })
})
