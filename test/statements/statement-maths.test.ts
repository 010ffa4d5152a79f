import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CARD_TTL_MS, confirmPaymentCard, createPaymentCard } from '../../core/p2p/cards.js'
import { CLAIM_TTL_MS, expireClaims } from '../../core/p2p/claims.js'
import { defaultRedPacketLimits } from '../../core/redpacket/limits.js'
import { expireRedPackets, grabRedPacket, prepareRedPacket, sendRedPacket } from '../../core/redpacket/packets.js'
import { monthRange, zonedInstant } from '../../core/statements/calendar.js'
import { computeStatements } from '../../core/statements/statements.js'
import { isEmpty, type Statement } from '../../core/statements/summary.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()
const limits = defaultRedPacketLimits('CNY')
const inGroup = { chatType: 'supergroup', chatId: -100n, messageId: 1, locale: 'zh' }

/** The month and day an instant falls on in a zone, read straight from Intl (not from the code under test). */
function calendarOf(at: Date, timeZone: string): { month: string; day: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at).map((p) => [p.type, p.value]),
  )
  return { month: `${parts.year}-${parts.month}`, day: Number(parts.day) }
}

interface NaiveEntry {
  at: Date
  kind: string
  amountMinor: bigint
  balanceAfterMinor: bigint
  otherUserId: number | null
}

/** Every entry of the wallet, replayed one by one: the reference the statement is held to. */
async function journalOf(t: TempDatabase, userId: number): Promise<NaiveEntry[]> {
  const account = await t.db.prisma.account.findFirst({ where: { userId, kind: 'wallet' } })
  if (!account) return []
  const rows = await t.db.prisma.entry.findMany({
    where: { accountId: account.id },
    orderBy: { id: 'asc' },
    include: { transfer: { include: { posting: true, debitAccount: true, creditAccount: true } } },
  })
  return rows.map((row) => {
    const other = row.transfer.debitAccountId === account.id ? row.transfer.creditAccount : row.transfer.debitAccount
    return { at: row.createdAt, kind: row.transfer.posting.kind, amountMinor: row.amountMinor, balanceAfterMinor: row.balanceAfterMinor, otherUserId: other.userId }
  })
}

function naiveStatement(journal: NaiveEntry[], month: string, previousMonth: string, timeZone: string, days: number) {
  const inMonth = journal.filter((entry) => calendarOf(entry.at, timeZone).month === month)
  const before = journal.filter((entry) => calendarOf(entry.at, timeZone).month < month)
  const opening = before.reduce((sum, entry) => sum + entry.amountMinor, 0n)
  const out = inMonth.filter((entry) => entry.amountMinor < 0n)
  const incoming = inMonth.filter((entry) => entry.amountMinor > 0n)
  const sum = (list: NaiveEntry[]) => list.reduce((total, entry) => total + (entry.amountMinor < 0n ? -entry.amountMinor : entry.amountMinor), 0n)
  const daily = Array.from({ length: days }, (_, day) => sum(out.filter((entry) => calendarOf(entry.at, timeZone).day === day + 1)))
  const grabs = inMonth.filter((entry) => entry.kind === 'red_packet_grab').map((entry) => entry.amountMinor)
  const payees = new Map<number, bigint>()
  for (const entry of out) if (entry.otherUserId !== null) payees.set(entry.otherUserId, (payees.get(entry.otherUserId) ?? 0n) - entry.amountMinor)
  return {
    openingMinor: opening,
    closingMinor: opening + inMonth.reduce((total, entry) => total + entry.amountMinor, 0n),
    inMinor: sum(incoming),
    outMinor: sum(out),
    inCount: incoming.length,
    outCount: out.length,
    dailyOutMinor: daily,
    previousOutMinor: sum(journal.filter((entry) => entry.amountMinor < 0n && calendarOf(entry.at, timeZone).month === previousMonth)),
    redPackets: {
      sentMinor: sum(inMonth.filter((entry) => entry.kind === 'red_packet_hold')),
      sentCount: inMonth.filter((entry) => entry.kind === 'red_packet_hold').length,
      receivedMinor: sum(inMonth.filter((entry) => entry.kind === 'red_packet_grab')),
      receivedCount: grabs.length,
      returnedMinor: sum(inMonth.filter((entry) => entry.kind === 'red_packet_refund')),
      luckiestMinor: grabs.length ? grabs.reduce((a, b) => (a > b ? a : b)) : null,
    },
    biggestMinor: out.length ? out.map((entry) => -entry.amountMinor).reduce((a, b) => (a > b ? a : b)) : null,
    payees,
  }
}

describe('monthly statements against a naive replay of the journal', () => {
  let t: TempDatabase
  const clock = new TestClock(new Date('2026-09-28T02:00:00Z'))
  const people: WalletUser[] = []
  let idle: WalletUser

  beforeAll(async () => {
    t = await tempDatabase({ clock })
    for (const name of ['ana', 'bo', 'cai', 'dee']) people.push(await openTestWallet(t.db, `s_${name}`))
    idle = await openTestWallet(t.db, 's_idle')
    const [a, b, c, d] = people as [WalletUser, WalletUser, WalletUser, WalletUser]
    let n = 0
    const key = () => `maths-${n++}`
    const at = async (iso: string, action: () => Promise<unknown>) => {
      clock.set(new Date(iso))
      await action()
    }
    for (const person of people) await topUp(t.db, config, { idempotencyKey: key(), adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: person.id, amountMinor: 50_000n })
    // A red packet sent on the last evening of October (Shanghai), grabbed around midnight, the rest refunded a day later.
    let packetToken = ''
    await at('2026-10-31T12:00:00Z', async () => {
      const draft = await prepareRedPacket(t.db, limits, { senderUserId: a.id, currency: 'CNY', kind: 'lucky', enteredMinor: 3_000n, enteredCount: 4 })
      packetToken = (await sendRedPacket(t.db, config, limits, { token: draft.token, actorUserId: a.id, version: draft.version, placement: inGroup })).token
    })
    // 23:30 on 31 October in Shanghai (15:30 UTC): October in both zones.
    await at('2026-10-31T15:30:00Z', () => transfer(t.db, config, { idempotencyKey: key(), fromUserId: a.id, toUserId: b.id, amountMinor: 1_234n }))
    await at('2026-10-31T15:59:00Z', () => grabRedPacket(t.db, packetToken, b.id))
    await at('2026-10-31T16:01:00Z', () => grabRedPacket(t.db, packetToken, c.id))
    // 07:30 on 1 November in Shanghai is 23:30 on 31 October in UTC: a different month in each.
    await at('2026-10-31T23:30:00Z', () => transfer(t.db, config, { idempotencyKey: key(), fromUserId: a.id, toUserId: c.id, amountMinor: 2_000n }))
    await at('2026-11-01T00:10:00Z', () => transfer(t.db, config, { idempotencyKey: key(), fromUserId: b.id, toUserId: a.id, amountMinor: 999n, memo: 'back' }))
    await at('2026-11-01T12:30:00Z', () => expireRedPackets(t.db))
    // A transfer to someone who has not started the bot: the link expires and the money comes back.
    await at('2026-11-02T08:00:00Z', async () => {
      const card = await createPaymentCard(t.db, config, { fromUserId: d.id, to: { username: 'nobody_here' }, amountMinor: 700n })
      await confirmPaymentCard(t.db, config, card.token, { userId: d.id, telegramId: d.telegramId })
    })
    clock.advance(CARD_TTL_MS + CLAIM_TTL_MS)
    await expireClaims(t.db)
    // A spread of ordinary payments through November, including its last minutes in each zone.
    const instants = ['2026-11-05T01:00:00Z', '2026-11-15T18:45:00Z', '2026-11-30T15:59:00Z', '2026-11-30T16:00:00Z', '2026-11-30T23:59:00Z', '2026-12-01T00:00:00Z']
    for (const [i, iso] of instants.entries()) {
      const from = people[i % 4]!
      const to = people[(i + 1) % 4]!
      await at(iso, () => transfer(t.db, config, { idempotencyKey: key(), fromUserId: from.id, toUserId: to.id, amountMinor: BigInt(100 * (i + 1)) }))
    }
  }, 60_000)
  afterAll(() => t.dispose())

  for (const timeZone of ['Asia/Shanghai', 'UTC', 'America/New_York']) {
    for (const [month, previous, days] of [['2026-10', '2026-09', 31], ['2026-11', '2026-10', 30]] as const) {
      it(`${month} in ${timeZone}`, async () => {
        const everyone = [...people, idle]
        const statements = await computeStatements(t.db, { month, timeZone, currency: 'CNY', userIds: everyone.map((p) => p.id) })
        for (const [i, person] of everyone.entries()) {
          const statement = statements[i]!
          const expected = naiveStatement(await journalOf(t, person.id), month, previous, timeZone, days)
          expect(statement.userId).toBe(person.id)
          expect(pick(statement)).toEqual({
            openingMinor: expected.openingMinor,
            closingMinor: expected.closingMinor,
            inMinor: expected.inMinor,
            outMinor: expected.outMinor,
            inCount: expected.inCount,
            outCount: expected.outCount,
            dailyOutMinor: expected.dailyOutMinor,
            previousOutMinor: expected.previousOutMinor,
            redPackets: expected.redPackets,
            biggestMinor: expected.biggestMinor,
          })
          expect(statement.netMinor).toBe(expected.closingMinor - expected.openingMinor)
          expect(statement.balanced).toBe(true)
          const topExpected = [...expected.payees.entries()].sort((x, y) => (x[1] === y[1] ? 0 : x[1] > y[1] ? -1 : 1)).slice(0, 5)
          expect(statement.topPayees.map((p) => p.outMinor)).toEqual(topExpected.map(([, amount]) => amount))
          const typeOut = statement.byType.reduce((sum, type) => sum + type.outMinor, 0n)
          const typeIn = statement.byType.reduce((sum, type) => sum + type.inMinor, 0n)
          expect([typeOut, typeIn]).toEqual([statement.outMinor, statement.inMinor])
        }
      })
    }
  }

  it('the instant that is 1 November in Shanghai and 31 October in UTC lands in each zone’s own month', async () => {
    const [a] = people
    const [shanghai] = await computeStatements(t.db, { month: '2026-11', timeZone: 'Asia/Shanghai', currency: 'CNY', userIds: [a!.id] })
    const [utc] = await computeStatements(t.db, { month: '2026-10', timeZone: 'UTC', currency: 'CNY', userIds: [a!.id] })
    expect(shanghai!.dailyOutMinor[0]).toBeGreaterThanOrEqual(2_000n) // 07:30 on the 1st
    expect(utc!.dailyOutMinor[30]).toBeGreaterThanOrEqual(2_000n) // 23:30 on the 31st
    expect(monthRange('2026-11', 'Asia/Shanghai').from.toISOString()).toBe('2026-10-31T16:00:00.000Z')
    expect(monthRange('2026-11', 'America/New_York').to.toISOString()).toBe('2026-12-01T05:00:00.000Z') // after daylight saving ended
    expect(monthRange('2026-10', 'America/New_York').from.toISOString()).toBe('2026-10-01T04:00:00.000Z')
    // Havana's clocks jump from 00:00 to 01:00 on 8 March 2026: that day begins at 01:00 local, 05:00Z.
    expect(zonedInstant(2026, 3, 8, 0, 'America/Havana').toISOString()).toBe('2026-03-08T05:00:00.000Z')
  })

  it('a user with no activity gets an empty, balanced statement', async () => {
    const [statement] = await computeStatements(t.db, { month: '2026-11', timeZone: 'Asia/Shanghai', currency: 'CNY', userIds: [idle.id] })
    expect(statement).toMatchObject({ openingMinor: 0n, closingMinor: 0n, inCount: 0, outCount: 0, biggestPayment: null, balanced: true })
    expect(isEmpty(statement!)).toBe(true)
  })
})

function pick(statement: Statement) {
  return {
    openingMinor: statement.openingMinor,
    closingMinor: statement.closingMinor,
    inMinor: statement.inMinor,
    outMinor: statement.outMinor,
    inCount: statement.inCount,
    outCount: statement.outCount,
    dailyOutMinor: statement.dailyOutMinor,
    previousOutMinor: statement.previousOutMinor,
    redPackets: statement.redPackets,
    biggestMinor: statement.biggestPayment?.amountMinor ?? null,
  }
}
