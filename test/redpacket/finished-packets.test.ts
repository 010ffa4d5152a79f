import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { createCore, type Core } from '../../core/core.js'
import { isDomainError } from '../../core/errors.js'
import { defaultRedPacketLimits, type RedPacketKind } from '../../core/redpacket/limits.js'
import { grabRedPacket, prepareRedPacket, sendRedPacket } from '../../core/redpacket/packets.js'
import { topUp } from '../../core/wallet/topup.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, testConfig, type TempDatabase, TEST_PEPPER, TEST_ENCRYPTION_KEYS } from '../helpers/db.js'

const limits = defaultRedPacketLimits('CNY')
const inGroup = { chatType: 'supergroup', chatId: -100n, messageId: 1, locale: 'zh' }

/** What a press is told, in a form two answers can be compared by. */
const outcome = (press: Promise<{ amountMinor: bigint; alreadyGrabbed: boolean }>) =>
  press.then(
    (result) => ({ amountMinor: result.amountMinor, alreadyGrabbed: result.alreadyGrabbed }),
    (error: unknown) => ({ refused: isDomainError(error) ? error.code : String(error) }),
  )

// Presses on a finished packet are answered from the process's memory (core/redpacket/
// finished-packets.ts); these prove the answer is the database's, and that no unit ran.
describe('presses on a finished red packet', () => {
  let t: TempDatabase
  let core: Core
  let sender: WalletUser
  beforeEach(async () => {
    t = await tempDatabase()
    core = createCore({ db: t.db, wallet: testConfig(), passwordPepper: TEST_PEPPER, encryptionKeys: TEST_ENCRYPTION_KEYS })
    sender = await openTestWallet(t.db, 'sender')
    await topUp(t.db, testConfig(), { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: sender.id, amountMinor: 100_000n })
  })
  afterEach(async () => {
    const report = await audit(t.db)
    expect(report.ok, formatAuditReport(report)).toBe(true)
    await t.dispose()
  })

  const send = async (kind: RedPacketKind, shares: number, targetUserId?: number) => {
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind, enteredMinor: 300n, enteredCount: shares, targetUserId })
    return sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: draft.version, placement: inGroup })
  }

  it.each([
    ['lucky', 2],
    ['normal', 2],
    ['exclusive', 1],
  ] as const)('a %s packet: every kind of presser hears what the database says, and no unit of work runs', async (kind, shares) => {
    const [first, second, stranger] = await Promise.all(['first', 'second', 'stranger'].map((name) => openTestWallet(t.db, name)))
    const packet = await send(kind, shares, kind === 'exclusive' ? first!.id : undefined)
    const grabbers = [first!, second!].slice(0, shares)
    for (const grabber of grabbers) expect((await core.redPackets.grab(packet.token, grabber.id)).alreadyGrabbed).toBe(false)
    const pressers = [...grabbers, stranger!, sender, ...(kind === 'exclusive' ? [second!] : [])]

    const unitsBefore = t.db.stats.units
    const fromMemory = await Promise.all(pressers.map((p) => outcome(core.redPackets.grab(packet.token, p.id))))
    expect(t.db.stats.units).toBe(unitsBefore)
    const fromDatabase = await Promise.all(pressers.map((p) => outcome(grabRedPacket(t.db, packet.token, p.id))))
    expect(fromMemory).toEqual(fromDatabase)
    expect(fromMemory.filter((answer) => 'alreadyGrabbed' in answer && answer.alreadyGrabbed)).toHaveLength(grabbers.length)
  })

  it('learns a packet finished by another instance from the first refusal, then answers from memory', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => openTestWallet(t.db, name)))
    const packet = await send('lucky', 1)
    await grabRedPacket(t.db, packet.token, a!.id) // another instance took the only share
    await expect(core.redPackets.grab(packet.token, b!.id)).rejects.toMatchObject({ code: 'PACKET_EMPTY' })
    const unitsBefore = t.db.stats.units
    await expect(core.redPackets.grab(packet.token, c!.id)).rejects.toMatchObject({ code: 'PACKET_EMPTY' })
    expect(await outcome(core.redPackets.grab(packet.token, a!.id))).toEqual(await outcome(grabRedPacket(t.db, packet.token, a!.id)))
    expect(t.db.stats.units).toBe(unitsBefore + 1) // only the comparison's own database grab
  })

  it('an open packet is never answered from memory: each grab is a unit of work that moves money', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((name) => openTestWallet(t.db, name)))
    const packet = await send('lucky', 2)
    const unitsBefore = t.db.stats.units
    await core.redPackets.grab(packet.token, a!.id)
    await core.redPackets.grab(packet.token, a!.id)
    expect(t.db.stats.units).toBe(unitsBefore + 2)
    expect((await core.redPackets.grab(packet.token, b!.id)).finishedNow).toBe(true)
  })
})
