import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { confirmPaymentCard, createPaymentCard } from '../../core/p2p/cards.js'
import { freeze, requestUnfreeze, securityStatus, setPasswordFree } from '../../core/security/account-security.js'
import { assertSameServerKey } from '../../core/security/key-fingerprints.js'
import { checkPassword, isAcceptablePin, PasswordHasher } from '../../core/security/password.js'
import { entryTargets, openEntry, pressKey, type EntryRequest, type PressResult } from '../../core/security/password-entry.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, TEST_PEPPER, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const HOUR = 3_600_000
const config = testConfig({
  dailyLimitMinor: 1_000_000n,
  passwordFree: { paymentMinor: 10_000n, dailyMinor: 20_000n, paymentCapMinor: 50_000n, dailyCapMinor: 100_000n, withoutPasswordDailyMinor: 5_000n },
  passwordLock: { maxTries: 5, lockMs: 3 * HOUR },
})
const hasher = new PasswordHasher(TEST_PEPPER)
const PIN = '274916'

describe(`the payment password and password-free payments (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let payer: WalletUser
  let payee: WalletUser
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    t = await tempDatabase({ clock, poolSize: 16 })
    payer = await openTestWallet(t.db, 'payer')
    payee = await openTestWallet(t.db, 'payee')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 5_000_000n })
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })

  const open = (request: Omit<EntryRequest, 'userId'>, userId = payer.id) => openEntry(t.db, { ...request, userId })
  /** Types `pin` on the entry's keypad as a person would: each digit's position on its layout. */
  async function type(request: Omit<EntryRequest, 'userId'>, pin: string): Promise<PressResult> {
    let entry = await open(request)
    let result: PressResult | undefined
    for (const digit of pin) {
      result = await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: entry.seq, key: entry.layout.indexOf(digit) })
      entry = result.entry
    }
    return result!
  }
  async function setPassword(pin = PIN) {
    let entry = await open({ purpose: 'set' })
    for (const round of [pin, pin]) {
      for (const digit of round) {
        entry = (await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: entry.seq, key: entry.layout.indexOf(digit) })).entry
      }
    }
    return entry
  }
  const pay = (key: string, amountMinor: bigint) => transfer(t.db, config, { idempotencyKey: key, fromUserId: payer.id, toUserId: payee.id, amountMinor })
  const balance = async (user: WalletUser) => (await getBalance(t.db, user.id, 'CNY')).balanceMinor
  const failures = async () => Number((await t.db.read((tx) => tx.get<{ n: unknown }>('SELECT password_failures AS n FROM users WHERE id = ?', payer.id)))!.n)

  it('a set-up types the new password twice; the database keeps only a peppered hash, never the digits', async () => {
    const entry = await setPassword()
    expect(entry.status).toBe('done')
    const row = await t.db.read((tx) => tx.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', payer.id))
    expect(row!.password_hash).toMatch(/^\$argon2id\$/)
    expect(row!.password_hash).not.toContain(PIN)
    expect(await hasher.verify(row!.password_hash, PIN)).toBe(true)
    expect(await new PasswordHasher(Buffer.alloc(32, 8)).verify(row!.password_hash, PIN)).toBe(false) // without the pepper, the hash is useless
    const entries = await t.db.read((tx) => tx.all<{ digits: string; pending_digest: string | null }>('SELECT digits, pending_digest FROM password_entries'))
    expect(entries.every((e) => e.digits === '' && e.pending_digest === null)).toBe(true)
    await expect(open({ purpose: 'set' })).rejects.toMatchObject({ code: 'PASSWORD_ALREADY_SET' })
    expect((await securityStatus(t.db, config, payer.id)).recent[0]!.kind).toBe('password_set')
  })

  it('refuses an easy password and a confirmation that differs, starting the new one again', async () => {
    expect(['111111', '123456', '654321', '890123', '12345'].map(isAcceptablePin)).toEqual([false, false, false, false, false])
    expect(isAcceptablePin(PIN)).toBe(true)
    expect((await type({ purpose: 'set' }, '123456')).kind).toBe('too_simple')
    let entry = await open({ purpose: 'set' })
    const press = async (digit: string) => (entry = (await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: entry.seq, key: entry.layout.indexOf(digit) })).entry)
    for (const digit of PIN) await press(digit)
    expect(entry.step).toBe('confirm')
    let last: PressResult | undefined
    for (const digit of '274917') last = await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: entry.seq, key: entry.layout.indexOf(digit) }).then((r) => ((entry = r.entry), r))
    expect(last!.kind).toBe('mismatch')
    expect(entry.step).toBe('new')
    expect((await securityStatus(t.db, config, payer.id)).hasPassword).toBe(false)
  })

  it('a press counts once, only from its owner and on the keypad’s current state', async () => {
    const entry = await open({ purpose: 'set' })
    const press = (seq: number, userId = payer.id) => pressKey(t.db, hasher, config, { token: entry.token, userId, seq, key: 3 })
    expect((await press(0)).entry.filled).toBe(1)
    await expect(press(0)).rejects.toMatchObject({ code: 'PASSWORD_ENTRY_STALE' }) // replayed
    await expect(press(1, payee.id)).rejects.toMatchObject({ code: 'NOT_YOUR_BUTTON' }) // someone else's
    await expect(pressKey(t.db, hasher, config, { token: 'AAAAAAAAAAAAAAAA', userId: payer.id, seq: 1, key: 3 })).rejects.toMatchObject({ code: 'PASSWORD_ENTRY_NOT_FOUND' })
    expect((await press(1)).entry.filled).toBe(2)
    const back = await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: 2, key: 'back' })
    expect(back.entry.filled).toBe(1)
    clock.advance(6 * 60_000)
    expect((await press(3)).kind).toBe('expired')
    await expect(press(3)).rejects.toMatchObject({ code: 'PASSWORD_ENTRY_STALE' })
    const row = await t.db.read((tx) => tx.get<{ digits: string }>('SELECT digits FROM password_entries WHERE token = ?', entry.token))
    expect(row!.digits).toBe('') // an expired entry keeps no digits
  })

  it('without a password only a small daily amount leaves the wallet; with one, the free amounts apply', async () => {
    await pay('np-1', 3_000n)
    await expect(pay('np-2', 3_000n)).rejects.toMatchObject({ code: 'PASSWORD_SETUP_NEEDED', details: { limitMinor: '5000', leftMinor: '2000' } })
    await setPassword()
    await pay('free-1', 10_000n) // at the per-payment amount
    await expect(pay('free-2', 10_001n)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    await pay('free-3', 7_000n) // 3,000 + 10,000 + 7,000 = the daily 20,000 (the day's free total counts what went before the password too)
    await expect(pay('free-4', 1n)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    expect(await balance(payee)).toBe(20_000n)
    expect((await securityStatus(t.db, config, payer.id)).free).toEqual({ paymentMinor: 10_000n, dailyMinor: 20_000n, usedTodayMinor: 20_000n })
  })

  it('50 concurrent password-free payments against a free total that fits 10: exactly 10 pass', async () => {
    await setPassword()
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => pay(`burst-${i}`, 2_000n)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10)
    expect(results.every((r) => r.status === 'fulfilled' || (r.reason as { code: string }).code === 'PASSWORD_REQUIRED')).toBe(true)
    expect(await balance(payee)).toBe(20_000n)
  })

  it('a verified entry pays its own card once, and no other', async () => {
    await setPassword()
    const card = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { userId: payee.id }, amountMinor: 50_000n })
    const other = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { userId: payee.id }, amountMinor: 60_000n })
    const actor = { userId: payer.id, telegramId: payer.telegramId }
    await expect(confirmPaymentCard(t.db, config, card.token, actor)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    const verified = await type({ purpose: 'pay_card', target: entryTargets.card(card.token) }, PIN)
    expect(verified.kind).toBe('verified')
    await expect(confirmPaymentCard(t.db, config, other.token, actor)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    await expect(pay('direct', 50_000n)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' }) // a payment no keypad names
    const outcome = await confirmPaymentCard(t.db, config, card.token, actor)
    expect(outcome).toMatchObject({ kind: 'transfer', alreadyDone: false })
    expect(await balance(payee)).toBe(50_000n)
    const again = await confirmPaymentCard(t.db, config, card.token, actor)
    expect(again.alreadyDone).toBe(true) // the card's own replay, not a second payment
    await expect(confirmPaymentCard(t.db, config, other.token, actor)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    expect(await balance(payee)).toBe(50_000n)
    const entries = await t.db.read((tx) => tx.all<{ status: string }>("SELECT status FROM password_entries WHERE purpose = 'pay_card'"))
    expect(entries.map((e) => e.status)).toEqual(['used'])
  })

  it('a payment the password allowed still counts toward the limit after the free total was lowered below what was used', async () => {
    await setPassword()
    await pay('free', 8_000n)
    await setPasswordFree(t.db, config, payer.id, { paymentMinor: 0n, dailyMinor: 0n })
    const card = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { userId: payee.id }, amountMinor: 5_000n })
    await type({ purpose: 'pay_card', target: entryTargets.card(card.token) }, PIN)
    await expect(confirmPaymentCard(t.db, config, card.token, { userId: payer.id, telegramId: payer.telegramId })).resolves.toMatchObject({ kind: 'transfer' })
    expect(await balance(payee)).toBe(13_000n)
  })

  it('five wrong entries lock payments for the lock time, telling the tries left; then the count starts again', async () => {
    await setPassword()
    const card = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { userId: payee.id }, amountMinor: 50_000n })
    const target = entryTargets.card(card.token)
    const tries: Array<number | string> = []
    for (let i = 0; i < 5; i++) {
      const result = await type({ purpose: 'pay_card', target }, '999990')
      tries.push(result.kind === 'wrong' ? result.triesLeft : result.kind)
    }
    expect(tries).toEqual([4, 3, 2, 1, 'locked'])
    await expect(open({ purpose: 'pay_card', target })).rejects.toMatchObject({ code: 'PASSWORD_LOCKED' })
    await expect(pay('while-locked', 100n)).rejects.toMatchObject({ code: 'PASSWORD_LOCKED' }) // even a password-free one
    expect((await securityStatus(t.db, config, payer.id)).recent.map((e) => e.kind).slice(0, 2)).toEqual(['password_locked', 'password_failed'])
    clock.advance(3 * HOUR)
    expect((await type({ purpose: 'pay_card', target }, '999990')).kind).toBe('wrong')
    expect(await failures()).toBe(1)
    expect((await type({ purpose: 'pay_card', target }, PIN)).kind).toBe('verified')
    expect(await failures()).toBe(0)
  })

  it('password checks fired at once cannot run more wrong tries than the lockout count', async () => {
    await setPassword()
    const checks = await Promise.allSettled(Array.from({ length: 20 }, () => checkPassword(t.db, hasher, config.passwordLock, payer.id, '999990')))
    const ran = checks.filter((c) => c.status === 'fulfilled')
    const refused = checks.filter((c) => c.status === 'rejected')
    expect(ran.length).toBe(5)
    expect(refused.every((c) => (c as PromiseRejectedResult).reason.code === 'PASSWORD_LOCKED')).toBe(true)
    const status = await securityStatus(t.db, config, payer.id)
    expect(status.passwordLockedUntil).not.toBeNull()
  })

  it('a check that dies while hashing the last allowed try leaves a lock that runs out, never one for good', async () => {
    await setPassword()
    for (let i = 0; i < 4; i++) expect((await checkPassword(t.db, hasher, config.passwordLock, payer.id, '999990')).ok).toBe(false)
    const dying = new (class extends PasswordHasher {
      override verify(): Promise<boolean> {
        return Promise.reject(new Error('the process died mid-hash'))
      }
    })(TEST_PEPPER)
    await expect(checkPassword(t.db, dying, config.passwordLock, payer.id, PIN)).rejects.toThrow('mid-hash')
    await expect(checkPassword(t.db, hasher, config.passwordLock, payer.id, PIN)).rejects.toMatchObject({ code: 'PASSWORD_LOCKED' })
    clock.advance(3 * HOUR)
    expect((await checkPassword(t.db, hasher, config.passwordLock, payer.id, PIN)).ok).toBe(true)
  })

  it('a bot started with another pepper than the database was set up with refuses to start', async () => {
    await assertSameServerKey(t.db, 'PASSWORD_PEPPER', TEST_PEPPER)
    await assertSameServerKey(t.db, 'PASSWORD_PEPPER', TEST_PEPPER) // the same again: fine
    await expect(assertSameServerKey(t.db, 'PASSWORD_PEPPER', Buffer.alloc(32, 8))).rejects.toThrow(/PASSWORD_PEPPER is not the one this database was set up with/)
  })

  it('changing the password needs the old one', async () => {
    await setPassword()
    expect((await type({ purpose: 'change' }, '999990')).kind).toBe('wrong')
    let entry = await open({ purpose: 'change' })
    const typeOn = async (pin: string) => {
      let result: PressResult | undefined
      for (const digit of pin) {
        result = await pressKey(t.db, hasher, config, { token: entry.token, userId: payer.id, seq: entry.seq, key: entry.layout.indexOf(digit) })
        entry = result.entry
      }
      return result!.kind
    }
    expect([await typeOn(PIN), await typeOn('580362'), await typeOn('580362')]).toEqual(['old_ok', 'confirm_new', 'password_changed'])
    expect((await checkPassword(t.db, hasher, config.passwordLock, payer.id, '580362')).ok).toBe(true)
    expect((await checkPassword(t.db, hasher, config.passwordLock, payer.id, PIN)).ok).toBe(false)
  })

  it('password-free amounts: lowered at once, raised only with the password given for exactly those amounts', async () => {
    await setPassword()
    await setPasswordFree(t.db, config, payer.id, { paymentMinor: 0n, dailyMinor: 0n })
    await expect(pay('off', 1n)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    const wanted = { paymentMinor: 30_000n, dailyMinor: 60_000n }
    await expect(setPasswordFree(t.db, config, payer.id, wanted)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    await expect(setPasswordFree(t.db, config, payer.id, { paymentMinor: 60_000n, dailyMinor: 60_000n })).rejects.toMatchObject({ code: 'FREE_ABOVE_CAP' })
    await type({ purpose: 'free_limits', target: entryTargets.free(40_000n, 60_000n) }, PIN)
    await expect(setPasswordFree(t.db, config, payer.id, wanted)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' }) // verified for other amounts
    await type({ purpose: 'free_limits', target: entryTargets.free(30_000n, 60_000n) }, PIN)
    await setPasswordFree(t.db, config, payer.id, wanted)
    await pay('raised', 30_000n)
    expect((await securityStatus(t.db, config, payer.id)).free).toMatchObject(wanted)
  })

  it('unfreezing needs the password once one is set', async () => {
    await setPassword()
    await freeze(t.db, payer.id, null)
    await expect(requestUnfreeze(t.db, payer.id, HOUR)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    await type({ purpose: 'unfreeze', target: entryTargets.unfreeze() }, PIN)
    const at = await requestUnfreeze(t.db, payer.id, HOUR)
    expect(at.getTime()).toBe(clock.now().getTime() + HOUR)
  })
})
