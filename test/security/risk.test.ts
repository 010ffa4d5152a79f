import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { confirmPaymentCard, createPaymentCard } from '../../core/p2p/cards.js'
import { defaultRedPacketLimits } from '../../core/redpacket/limits.js'
import { grabRedPacket, prepareRedPacket, sendRedPacket } from '../../core/redpacket/packets.js'
import { recordRiskRefusal } from '../../core/security/authorize.js'
import { checkPassword, PasswordHasher, storePassword } from '../../core/security/password.js'
import { entryTargets, openEntry, pressKey, type PressResult } from '../../core/security/password-entry.js'
import { DEFAULT_RISK_RULES } from '../../core/security/risk.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, TEST_PEPPER, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const PIN = '274916'
const config = testConfig({
  risk: DEFAULT_RISK_RULES,
  passwordFree: { paymentMinor: 100_000n, dailyMinor: 10n ** 9n, paymentCapMinor: 10n ** 9n, dailyCapMinor: 10n ** 9n, withoutPasswordDailyMinor: 10n ** 9n },
})
const hasher = new PasswordHasher(TEST_PEPPER)

describe(`risk control: explainable rules in front of every debit (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let payer: WalletUser
  let payees: WalletUser[]
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    t = await tempDatabase({ clock })
    payer = await openTestWallet(t.db, 'payer')
    payees = await Promise.all(Array.from({ length: 8 }, (_, i) => openTestWallet(t.db, `payee${i}`)))
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 5_000_000n })
    await storePassword(t.db, hasher, config.passwordReset, payer.id, PIN, 'set')
    await age(payer, 30 * DAY)
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })

  const age = (user: WalletUser, ms: number) => t.db.write((tx) => tx.run('UPDATE users SET created_at = ? WHERE id = ?', new Date(clock.now().getTime() - ms), user.id))
  let key = 0
  /** A payment through the module's path (a refusal by risk is recorded): its outcome's code. */
  const pay = (to: WalletUser, amountMinor: bigint, from = payer) =>
    transfer(t.db, config, { idempotencyKey: `k${key++}`, fromUserId: from.id, toUserId: to.id, amountMinor }).then(
      () => 'ok',
      async (error) => {
        await recordRiskRefusal(t.db, error)
        return (error as { code: string }).code
      },
    )
  const decisions = () => t.db.read((tx) => tx.all<{ action: string; reasons: string; posting_id: unknown }>('SELECT action, reasons, posting_id FROM risk_decisions ORDER BY id'))

  it('velocity: from the 8th payment in ten minutes the password is asked (recorded, unpaid), and with a lower block threshold payments stop', async () => {
    const outcomes: string[] = []
    for (let i = 0; i < 9; i++) {
      outcomes.push(await pay(payees[0]!, 1_000n))
      clock.advance(10_000)
    }
    expect(outcomes).toEqual([...Array(7).fill('ok'), 'PASSWORD_REQUIRED', 'PASSWORD_REQUIRED'])
    expect((await decisions()).at(-1)).toMatchObject({ action: 'step_up', reasons: 'velocity:step_up', posting_id: null })

    const strict = testConfig({ ...config, risk: { ...DEFAULT_RISK_RULES, velocityStepUp: 100, velocityBlock: 10 } })
    const strictPay = () => transfer(t.db, strict, { idempotencyKey: `s${key++}`, fromUserId: payer.id, toUserId: payees[1]!.id, amountMinor: 1_000n })
    await strictPay() // the 8th and 9th in the window
    await strictPay()
    await expect(strictPay()).rejects.toMatchObject({ code: 'RISK_BLOCKED', details: { rules: 'velocity' } })
  })

  it('a new account: a large payment asks for the password, a very large one is refused', async () => {
    await age(payer, 60 * MINUTE)
    expect(await pay(payees[0]!, 90_000n)).toBe('ok')
    expect(await pay(payees[0]!, 150_000n)).toBe('PASSWORD_REQUIRED')
    expect(await pay(payees[0]!, 400_000n)).toBe('RISK_BLOCKED')
    expect((await decisions()).at(-1)).toMatchObject({ action: 'block', reasons: 'new_account:block' })
  })

  it('an amount far above the payer’s own history asks for the password; once given, the payment goes through and is recorded with its posting', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await pay(payees[0]!, 5_000n)).toBe('ok')
      clock.advance(2 * 60 * MINUTE)
    }
    const card = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { userId: payees[0]!.id }, amountMinor: 80_000n })
    const actor = { userId: payer.id, telegramId: payer.telegramId }
    await expect(confirmPaymentCard(t.db, config, card.token, actor)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    let entry = await openEntry(t.db, { userId: payer.id, purpose: 'pay_card', target: entryTargets.card(card.token) })
    let result: PressResult | undefined
    for (const digit of PIN) ({ entry } = result = await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: entry.seq, key: entry.layout.indexOf(digit) }))
    expect(result!.kind).toBe('verified')
    await expect(confirmPaymentCard(t.db, config, card.token, actor)).resolves.toMatchObject({ kind: 'transfer' })
    const [recorded] = await decisions()
    expect(recorded).toMatchObject({ action: 'step_up', reasons: 'unusual_amount:step_up' })
    expect(recorded!.posting_id).not.toBeNull()
  })

  it('many new payees within an hour ask for the password', async () => {
    const outcomes = []
    for (const payee of payees.slice(0, 5)) outcomes.push(await pay(payee, 2_000n))
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'PASSWORD_REQUIRED'])
    clock.advance(2 * 60 * MINUTE)
    expect(await pay(payees[0]!, 2_000n)).toBe('ok') // an old payee, later
  })

  it('a burst of wrong passwords makes even a small payment ask for the password', async () => {
    expect(await pay(payees[0]!, 1_000n)).toBe('ok')
    for (let i = 0; i < 3; i++) await checkPassword(t.db, hasher, config.passwordLock, payer.id, '999990')
    expect(await pay(payees[0]!, 1_000n)).toBe('PASSWORD_REQUIRED')
    await checkPassword(t.db, hasher, config.passwordLock, payer.id, PIN) // the right one clears it
    expect(await pay(payees[0]!, 1_000n)).toBe('ok')
  })

  it('a farming ring: new accounts that live on grabbed red packets cannot all forward them to one collector', async () => {
    const limits = defaultRedPacketLimits('CNY')
    const collector = payees[7]!
    const farmers = await Promise.all(Array.from({ length: 6 }, (_, i) => openTestWallet(t.db, `farmer${i}`)))
    const packet = await prepareRedPacket(t.db, limits, { senderUserId: payer.id, kind: 'normal', enteredMinor: 2_000n, enteredCount: 6, greeting: '', currency: 'CNY', chatType: 'group' })
    await sendRedPacket(t.db, config, limits, { token: packet.token, actorUserId: payer.id, version: packet.version, placement: { chatType: 'group', locale: 'zh' } })
    for (const farmer of farmers) await grabRedPacket(t.db, packet.token, farmer.id)
    const outcomes = []
    for (const farmer of farmers) outcomes.push(await pay(collector, 2_000n, farmer))
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'RISK_BLOCKED', 'RISK_BLOCKED']) // the 5th new account to feed the collector
    expect((await decisions()).at(-1)).toMatchObject({ action: 'block', reasons: 'farming:block' })
  })
})
