import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { defaultRedPacketLimits } from '../../core/redpacket/limits.js'
import { prepareRedPacket, sendRedPacket } from '../../core/redpacket/packets.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, TestClock, tempDatabase, testConfig, type TempDatabase } from '../helpers/db.js'
import { inSeparateProcesses } from '../helpers/two-processes.js'

const config = testConfig()
const limits = defaultRedPacketLimits('CNY')
const count = (outcomes: unknown[], what: string) => outcomes.filter((o) => o === what).length

/** The same races as the in-process tests, but from two real processes on one database. */
describe(`two processes on one ${ENGINE} database`, () => {
  let t: TempDatabase
  let clock: TestClock
  beforeEach(async () => {
    clock = new TestClock()
    t = await tempDatabase({ clock })
  })
  afterEach(async () => {
    const report = await audit(t.db)
    expect(report.ok, formatAuditReport(report)).toBe(true)
    await t.dispose()
  })

  it('50 transfers from a wallet that can afford 10, 25 from each process: exactly 10 go through', async () => {
    const payer = await openTestWallet(t.db, 'payer')
    const payees = await Promise.all(Array.from({ length: 50 }, (_, i) => openTestWallet(t.db, `payee${i}`)))
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: payer.id, amountMinor: 1000n })
    const job = (from: number) => ({
      kind: 'transfers' as const,
      fromUserId: payer.id,
      toUserIds: payees.slice(from, from + 25).map((p) => p.id),
      amountMinor: '100',
      keyPrefix: `t${from}-`,
    })
    const [first, second] = await inSeparateProcesses(t.url, [job(0), job(25)])
    const all = [...first!, ...second!]
    expect(count(all, 'ok')).toBe(10)
    expect(count(all, 'INSUFFICIENT_FUNDS')).toBe(40)
    expect((await getBalance(t.db, payer.id, 'CNY')).balanceMinor).toBe(0n)
  })

  it('the same idempotency key from both processes at once: one transfer', async () => {
    const [a, b] = [await openTestWallet(t.db, 'a'), await openTestWallet(t.db, 'b')]
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: a.id, amountMinor: 10_000n })
    const job = { kind: 'transfers' as const, fromUserId: a.id, toUserIds: Array(10).fill(b.id), amountMinor: '700', keyPrefix: 'one-key', sameKey: true }
    const [first, second] = await inSeparateProcesses(t.url, [job, job])
    expect([...first!, ...second!].every((o) => o === 'ok')).toBe(true)
    expect((await getBalance(t.db, b.id, 'CNY')).balanceMinor).toBe(700n)
    expect(await t.db.prisma.posting.count({ where: { kind: 'transfer' } })).toBe(1)
  })

  it('200 grabs on 100 shares, 100 from each process: exactly 100 succeed, nobody twice', async () => {
    const sender = await openTestWallet(t.db, 'sender')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: sender.id, amountMinor: 20_000n })
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind: 'lucky', enteredMinor: 20_000n, enteredCount: 100 })
    const packet = await sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: draft.version, placement: { chatType: 'supergroup', chatId: -100n, messageId: 1, locale: 'en' } })
    const grabbers = await Promise.all(Array.from({ length: 200 }, (_, i) => openTestWallet(t.db, `g${i}`)))
    // Everyone tries twice (once in each process) for half of them: nobody may get two shares.
    const ids = grabbers.map((g) => g.id)
    const [first, second] = await inSeparateProcesses(t.url, [
      { kind: 'grabs', nowMs: clock.now().getTime(), token: packet.token, userIds: ids.slice(0, 120) },
      { kind: 'grabs', nowMs: clock.now().getTime(), token: packet.token, userIds: ids.slice(80, 200) },
    ])
    const grabbed = await t.db.prisma.redPacketShare.findMany({ where: { packetId: packet.id, grabberUserId: { not: null } } })
    expect(grabbed).toHaveLength(100)
    expect(new Set(grabbed.map((s) => s.grabberUserId)).size).toBe(100)
    expect(count([...first!, ...second!], 'PACKET_EMPTY')).toBeGreaterThanOrEqual(100)
    const received = await Promise.all(grabbers.map((g) => getBalance(t.db, g.id, 'CNY')))
    expect(received.reduce((sum, b) => sum + b.balanceMinor, 0n)).toBe(20_000n)
  })

  it('the refund job racing the last grabs, on two processes: every fen once, grabs + refund = total', async () => {
    const sender = await openTestWallet(t.db, 'sender')
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: sender.id, amountMinor: 10_000n })
    const draft = await prepareRedPacket(t.db, limits, { senderUserId: sender.id, currency: 'CNY', kind: 'lucky', enteredMinor: 10_000n, enteredCount: 50 })
    const packet = await sendRedPacket(t.db, testConfig(), limits, { token: draft.token, actorUserId: sender.id, version: draft.version, placement: { chatType: 'supergroup', chatId: -100n, messageId: 1, locale: 'en' } })
    const grabbers = await Promise.all(Array.from({ length: 40 }, (_, i) => openTestWallet(t.db, `g${i}`)))
    const expiresAt = packet.expiresAt!.getTime()
    // One process grabs in the packet's last millisecond; the other refunds it at expiry, twice over.
    const [grabs, runs] = await inSeparateProcesses(t.url, [
      { kind: 'grabs', nowMs: expiresAt - 1, token: packet.token, userIds: grabbers.map((g) => g.id) },
      { kind: 'expire', nowMs: expiresAt, runs: 3 },
    ])
    const granted = count(grabs!, 'ok')
    expect(granted + count(grabs!, 'PACKET_EXPIRED')).toBe(40)
    expect((runs as number[]).reduce((a, b) => a + b, 0)).toBe(1) // refunded exactly once
    const row = await t.db.prisma.redPacket.findUniqueOrThrow({ where: { id: packet.id } })
    const paidOut = (await Promise.all(grabbers.map((g) => getBalance(t.db, g.id, 'CNY')))).reduce((sum, b) => sum + b.balanceMinor, 0n)
    expect(paidOut + row.refundedMinor).toBe(10_000n)
    expect((await getBalance(t.db, sender.id, 'CNY')).balanceMinor).toBe(row.refundedMinor)
  })
})
