import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { confirmPaymentCard, createPaymentCard } from '../../core/p2p/cards.js'
import { defaultRedPacketLimits } from '../../core/redpacket/limits.js'
import { prepareRedPacket, sendRedPacket } from '../../core/redpacket/packets.js'
import { freeze, requestUnfreeze, securityStatus, setDailyLimit, unfreezeNow } from '../../core/security/account-security.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const HOUR = 3_600_000
const config = testConfig({ dailyLimitMinor: 10_000n, unfreezeCooldownMs: 24 * HOUR })

describe(`one authorization step in front of every debit (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let payer: WalletUser
  let payee: WalletUser
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    t = await tempDatabase({ clock, poolSize: 16 })
    payer = await openTestWallet(t.db, 'payer')
    payee = await openTestWallet(t.db, 'payee')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 1_000_000n })
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })
  const balance = async (user: WalletUser) => (await getBalance(t.db, user.id, 'CNY')).balanceMinor
  const pay = (key: string, amountMinor: bigint) => transfer(t.db, config, { idempotencyKey: key, fromUserId: payer.id, toUserId: payee.id, amountMinor })

  it('50 concurrent payments against a daily limit that fits 10: exactly 10 pass', async () => {
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => pay(`burst-${i}`, 1_000n)))
    const passed = results.filter((result) => result.status === 'fulfilled')
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    expect(passed).toHaveLength(10)
    expect(refused.every((result) => result.reason.code === 'DAILY_LIMIT_EXCEEDED')).toBe(true)
    expect(refused[0]!.reason.details).toMatchObject({ limitMinor: '10000', leftMinor: '0', zone: 'Asia/Shanghai' })
    expect(await balance(payee)).toBe(10_000n)
    // A replay of a payment that passed is answered again, not counted again.
    const first = results.findIndex((result) => result.status === 'fulfilled')
    await expect(pay(`burst-${first}`, 1_000n)).resolves.toMatchObject({ amountMinor: 1_000n })
  })

  it('the day is the payer’s own: the limit starts again at midnight in their zone', async () => {
    await pay('day-1', 9_000n)
    await expect(pay('day-2', 2_000n)).rejects.toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED', details: { leftMinor: '1000' } })
    clock.set(new Date('2026-11-10T15:59:00Z')) // 23:59 in Shanghai
    await expect(pay('day-3', 2_000n)).rejects.toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED' })
    clock.set(new Date('2026-11-10T16:00:00Z')) // midnight in Shanghai
    await expect(pay('day-4', 2_000n)).resolves.toBeDefined()
  })

  it('changing one’s time zone does not start a new day: the limit counts in the wallet’s zone', async () => {
    await pay('zone-1', 9_000n)
    await t.db.write((tx) => tx.run("UPDATE users SET time_zone = 'America/Los_Angeles' WHERE id = ?", payer.id)) // still the 9th there
    clock.set(new Date('2026-11-10T15:00:00Z')) // 23:00 in Shanghai, 07:00 in Los Angeles
    await expect(pay('zone-2', 2_000n)).rejects.toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED', details: { leftMinor: '1000', zone: 'Asia/Shanghai' } })
  })

  it('lowering the limit applies at once; raising it waits out the cool-down', async () => {
    await setDailyLimit(t.db, config, payer.id, 2_000n)
    await expect(pay('low-1', 3_000n)).rejects.toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED', details: { limitMinor: '2000' } })
    const appliesAt = await setDailyLimit(t.db, config, payer.id, null)
    expect(appliesAt.getTime()).toBe(clock.now().getTime() + 24 * HOUR)
    await expect(pay('low-2', 3_000n)).rejects.toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED', details: { limitMinor: '2000' } })
    expect((await securityStatus(t.db, config, payer.id)).limitRaise).toMatchObject({ toMinor: null })
    clock.advance(24 * HOUR)
    await expect(pay('low-3', 3_000n)).resolves.toBeDefined()
    expect((await securityStatus(t.db, config, payer.id)).dailyLimitMinor).toBe(10_000n)
  })

  it('every flow counts against the same limit: cards, claim links and red packets', async () => {
    await setDailyLimit(t.db, config, payer.id, 5_000n)
    const card = await createPaymentCard(t.db, config, { fromUserId: payer.id, to: { username: 'not_started_yet' }, amountMinor: 3_000n })
    await confirmPaymentCard(t.db, config, card.token, { userId: payer.id, telegramId: payer.telegramId }) // a claim link
    const limits = defaultRedPacketLimits('CNY')
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: payer.id, currency: 'CNY', kind: 'lucky', enteredMinor: 3_000n, enteredCount: 3 })
    const placement = { chatType: 'supergroup', chatId: -1n, messageId: 1, locale: 'en' }
    await expect(sendRedPacket(t.db, config, limits, { token: draft.token, actorUserId: payer.id, version: draft.version, placement })).rejects.toMatchObject({
      code: 'DAILY_LIMIT_EXCEEDED',
      details: { leftMinor: '2000' },
    })
    await expect(setDailyLimit(t.db, config, payer.id, 20_000n)).rejects.toMatchObject({ code: 'LIMIT_ABOVE_DEFAULT' })
    expect(await balance(payer)).toBe(997_000n)
  })

  it('frozen: nothing leaves, money still arrives; an unfreeze waits out the cool-down', async () => {
    await pay('before', 100n)
    await freeze(t.db, payer.id, null)
    await expect(pay('frozen', 100n)).rejects.toMatchObject({ code: 'ACCOUNT_FROZEN' })
    await expect(pay('before', 100n)).resolves.toBeDefined() // an earlier payment's replay is still answered
    await transfer(t.db, config, { idempotencyKey: 'incoming', fromUserId: payee.id, toUserId: payer.id, amountMinor: 50n })
    const unfreezeAt = await requestUnfreeze(t.db, payer.id, config.unfreezeCooldownMs)
    expect(unfreezeAt.getTime()).toBe(clock.now().getTime() + 24 * HOUR)
    clock.advance(24 * HOUR - 1)
    await expect(pay('still', 100n)).rejects.toMatchObject({ code: 'ACCOUNT_FROZEN' })
    clock.advance(1)
    await expect(pay('after', 100n)).resolves.toBeDefined()
    const status = await securityStatus(t.db, config, payer.id)
    expect(status.recent.map((event) => event.kind)).toEqual(['unfreeze_requested', 'freeze'])

    await freeze(t.db, payer.id, ADMIN_TELEGRAM_ID, 'reported stolen')
    await expect(pay('again', 100n)).rejects.toMatchObject({ code: 'ACCOUNT_FROZEN' })
    await expect(requestUnfreeze(t.db, payer.id, config.unfreezeCooldownMs)).rejects.toMatchObject({ code: 'FROZEN_BY_ADMIN' }) // only an admin lifts an admin's freeze
    await freeze(t.db, payer.id, null) // the owner freezing too keeps it the admin's
    await expect(requestUnfreeze(t.db, payer.id, config.unfreezeCooldownMs)).rejects.toMatchObject({ code: 'FROZEN_BY_ADMIN' })
    await unfreezeNow(t.db, payer.id, ADMIN_TELEGRAM_ID)
    await expect(pay('admin-lifted', 100n)).resolves.toBeDefined()
    await expect(unfreezeNow(t.db, payer.id, ADMIN_TELEGRAM_ID)).rejects.toMatchObject({ code: 'NOT_FROZEN' })
    expect((await securityStatus(t.db, config, payer.id)).recent[0]).toMatchObject({ kind: 'unfreeze', actorTelegramId: ADMIN_TELEGRAM_ID })
  })
})
