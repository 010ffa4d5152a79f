import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { defaultRedPacketLimits } from '../../core/redpacket/limits.js'
import { changeRedPacketKind, expireRedPackets, grabRedPacket, prepareRedPacket, sendRedPacket } from '../../core/redpacket/packets.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const limits = defaultRedPacketLimits('CNY')
const DAY = 24 * 3600 * 1000
const inGroup = { chatType: 'supergroup', chatId: -100n, messageId: 1, locale: 'zh' }

describe('red packets in the core', () => {
  let t: TempDatabase
  let clock: TestClock
  let sender: WalletUser
  beforeEach(async () => {
    clock = new TestClock()
    t = await tempDatabase({ clock })
    sender = await openTestWallet(t.db, 'sender')
    await topUp(t.db, testConfig(), { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: sender.id, amountMinor: 100_000n })
  })
  afterEach(async () => {
    const report = await audit(t.db)
    expect(report.ok, formatAuditReport(report)).toBe(true)
    await t.dispose()
  })

  const members = (n: number, prefix = 'm') => Promise.all(Array.from({ length: n }, (_, i) => openTestWallet(t.db, `${prefix}${i}`)))
  const balance = async (u: WalletUser) => (await getBalance(t.db, u.id, 'CNY')).balanceMinor
  const send = async (kind: 'lucky' | 'normal', enteredMinor: bigint, enteredCount: number) => {
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind, enteredMinor, enteredCount, greeting: '恭喜发财' })
    return sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: draft.version, placement: inGroup })
  }

  it('200 concurrent grabs on a 100-share packet: exactly 100 succeed, nobody twice, every fen accounted for', async () => {
    const packet = await send('lucky', 20_000n, 100)
    expect(await balance(sender)).toBe(80_000n) // the whole amount left the live balance at once
    const grabbers = await members(200)
    const results = await Promise.allSettled(grabbers.map((g) => grabRedPacket(t.db, packet.token, g.id)))
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof grabRedPacket>>> => r.status === 'fulfilled')
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(100)
    expect(lost.every((r) => r.reason.code === 'PACKET_EMPTY')).toBe(true)
    expect(won.reduce((sum, r) => sum + r.value.amountMinor, 0n)).toBe(20_000n)
    expect(won.every((r) => r.value.amountMinor >= 1n)).toBe(true)
    expect(won.filter((r) => r.value.finishedNow)).toHaveLength(1)
    const grabs = await t.db.prisma.redPacketShare.findMany({ where: { packetId: packet.id } })
    expect(new Set(grabs.map((g) => g.grabberUserId)).size).toBe(100)
    expect((await Promise.all(grabbers.map(balance))).reduce((a, b) => a + b, 0n)).toBe(20_000n)
  })

  it('grabbing twice returns the first share; the unique constraint holds even against raw SQL', async () => {
    const packet = await send('lucky', 1_000n, 5)
    const [g] = await members(1)
    const first = await grabRedPacket(t.db, packet.token, g!.id)
    const again = await grabRedPacket(t.db, packet.token, g!.id)
    expect(again).toMatchObject({ amountMinor: first.amountMinor, alreadyGrabbed: true })
    expect(await balance(g!)).toBe(first.amountMinor)
    // Even raw SQL behind the ledger's back cannot give one person a second share.
    await expect(t.db.exec(`UPDATE red_packet_shares SET grabber_user_id = ${g!.id} WHERE packet_id = ${packet.id} AND grabber_user_id IS NULL`)).rejects.toThrow(/UNIQUE|unique/)
  })

  it('the refund job racing the last grabs and racing itself: grabs + refund = total, exactly once', async () => {
    const packet = await send('lucky', 10_000n, 50)
    const grabbers = await members(60)
    clock.advance(DAY - 1) // the last millisecond: grabs still go through
    const lastSecond = await Promise.all(grabbers.slice(0, 20).map((g) => grabRedPacket(t.db, packet.token, g.id)))
    clock.advance(1) // due: jobs and grabs arrive interleaved, in the same batches
    const racing = grabbers.slice(20).flatMap((g, i) => [
      grabRedPacket(t.db, packet.token, g.id).then((r) => ({ grab: r.amountMinor }), (e: { code: string }) => ({ refused: e.code })),
      ...(i % 10 === 0 ? [expireRedPackets(t.db).then((refunds) => ({ refunds }))] : []),
    ])
    const outcomes = await Promise.all(racing)
    const refunds = outcomes.flatMap((o) => ('refunds' in o ? o.refunds : []))
    const lateGrabs = outcomes.filter((o) => 'grab' in o)
    expect(refunds).toHaveLength(1) // one job refunded; the others found it closed
    expect(lateGrabs).toEqual([]) // past its time, nobody grabs: every late press is refused
    expect(outcomes.filter((o) => 'refused' in o).every((o) => 'refused' in o && o.refused === 'PACKET_EXPIRED')).toBe(true)
    const grabbed = lastSecond.reduce((sum, r) => sum + r.amountMinor, 0n)
    expect(grabbed + refunds[0]!.refundedMinor).toBe(10_000n)
    expect(await balance(sender)).toBe(90_000n + refunds[0]!.refundedMinor)
    expect(await expireRedPackets(t.db)).toEqual([])
  })

  it('normal packets deal equal shares; the card shows the product as the total', async () => {
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind: 'lucky', enteredMinor: 500n, enteredCount: 4, replyUserId: null })
    const normal = await changeRedPacketKind(t.db, limits, draft.token, sender.id, 'normal')
    expect(normal).toMatchObject({ kind: 'normal', totalMinor: 2_000n, shareCount: 4, version: draft.version + 1 })
    // The card the sender saw first (lucky, ¥5.00) is stale now: its Send moves nothing.
    await expect(sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: draft.version, placement: inGroup })).rejects.toMatchObject({ code: 'CARD_CHANGED' })
    expect(await balance(sender)).toBe(100_000n)
    await sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: normal.version, placement: inGroup })
    const shares = await t.db.prisma.redPacketShare.findMany({ where: { packetId: draft.id } })
    expect(shares.map((s) => s.amountMinor)).toEqual([500n, 500n, 500n, 500n])
  })

  it('an exclusive packet opens only for its target', async () => {
    const [target, other] = await members(2)
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind: 'exclusive', enteredMinor: 888n, enteredCount: 1, targetUserId: target!.id })
    await sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: draft.version, placement: inGroup })
    await expect(grabRedPacket(t.db, draft.token, other!.id)).rejects.toMatchObject({ code: 'PACKET_NOT_FOR_YOU' })
    await expect(grabRedPacket(t.db, draft.token, sender.id)).rejects.toMatchObject({ code: 'PACKET_NOT_FOR_YOU' })
    expect((await grabRedPacket(t.db, draft.token, target!.id)).amountMinor).toBe(888n)
  })

  it('the sender may grab their own lucky packet in a group, not elsewhere', async () => {
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind: 'lucky', enteredMinor: 100n, enteredCount: 2 })
    await sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: draft.version, placement: inGroup })
    expect((await grabRedPacket(t.db, draft.token, sender.id)).alreadyGrabbed).toBe(false)
    const dm = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind: 'lucky', enteredMinor: 100n, enteredCount: 2 })
    await sendRedPacket(t.db, testConfig(), limits, { token: dm.token, actorUserId: sender.id, version: dm.version, placement: { chatType: 'private', locale: 'en' } })
    await expect(grabRedPacket(t.db, dm.token, sender.id)).rejects.toMatchObject({ code: 'PACKET_OWN' })
  })

  it.each([
    ['over ¥200', 'lucky', 20_001n, 1, 'PACKET_TOO_LARGE'],
    ['normal 3 × ¥70', 'normal', 7_000n, 3, 'PACKET_TOO_LARGE'],
    ['101 shares', 'lucky', 10_000n, 101, 'PACKET_TOO_MANY_SHARES'],
    ['under ¥0.01 a share', 'lucky', 9n, 10, 'PACKET_SHARE_TOO_SMALL'],
    ['no shares', 'lucky', 100n, 0, 'PACKET_COUNT_INVALID'],
  ] as const)('refuses %s and moves nothing', async (_label, kind, enteredMinor, enteredCount, code) => {
    await expect(prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind, enteredMinor, enteredCount })).rejects.toMatchObject({ code })
    expect(await t.db.prisma.redPacket.count()).toBe(0)
  })

  it('refuses a greeting over 40 characters (never cuts it) and an unaffordable packet', async () => {
    await expect(
      prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind: 'lucky', enteredMinor: 100n, enteredCount: 1, greeting: '福'.repeat(41) }),
    ).rejects.toMatchObject({ code: 'GREETING_TOO_LONG' })
    const [poor] = await members(1, 'poor')
    await expect(prepareRedPacket(t.db, limits, { senderUserId: poor!.id, currency: 'CNY', kind: 'lucky', enteredMinor: 100n, enteredCount: 1 })).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    })
  })
})
