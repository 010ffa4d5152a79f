import type { Counterparty } from '../wallet/history.js'
import { billTypeOf, type BillType } from '../wallet/bill-types.js'
import { dayOfMonth, daysIn, type Month } from './calendar.js'
import type { JournalEntry } from './journal.js'

export interface TypeTotals {
  type: BillType
  /** Money that left the wallet for this type (red packets sent, transfers paid). */
  outMinor: bigint
  /** Money that came in by it (grabs, transfers received, what came back). */
  inMinor: bigint
  count: number
}

export interface PayeeTotal {
  counterparty: Counterparty
  outMinor: bigint
  count: number
}

export interface Statement {
  userId: number
  month: Month
  timeZone: string
  currency: string
  openingMinor: bigint
  closingMinor: bigint
  inMinor: bigint
  outMinor: bigint
  /** in − out: what the month changed the balance by. */
  netMinor: bigint
  inCount: number
  outCount: number
  /** Types with any money, most spent first. */
  byType: TypeTotals[]
  /** The people paid the most, at most five. */
  topPayees: PayeeTotal[]
  redPackets: { sentMinor: bigint; sentCount: number; receivedMinor: bigint; receivedCount: number; returnedMinor: bigint; luckiestMinor: bigint | null }
  biggestPayment: { amountMinor: bigint; at: Date; counterparty: Counterparty; postingKind: string } | null
  /** The month before's spending, for "up / down against last month". */
  previousOutMinor: bigint
  /** Spending per day of the month in the reader's zone; index 0 is the 1st. */
  dailyOutMinor: bigint[]
  /** opening + net = closing, with closing read from the journal itself (the last entry's balance). */
  balanced: boolean
}

export interface SummaryInput {
  userId: number
  month: Month
  timeZone: string
  currency: string
  /** The balance before the month began (0 before the wallet's first entry). */
  openingMinor: bigint
  /** This month's entries, in journal order. */
  entries: JournalEntry[]
  /** The month before's spending. */
  previousOutMinor: bigint
}

const TOP_PAYEES = 5
const mostOutFirst = (a: { outMinor: bigint }, b: { outMinor: bigint }) => (a.outMinor === b.outMinor ? 0 : a.outMinor > b.outMinor ? -1 : 1)

/** A month's statement from its entries: pure arithmetic, so it is tested against a naive replay. */
export function summarize(input: SummaryInput): Statement {
  const { entries } = input
  const types = new Map<BillType, TypeTotals>()
  const payees = new Map<number, PayeeTotal>()
  const dailyOutMinor: bigint[] = Array.from({ length: daysIn(input.month) }, () => 0n)
  const redPackets: Statement['redPackets'] = { sentMinor: 0n, sentCount: 0, receivedMinor: 0n, receivedCount: 0, returnedMinor: 0n, luckiestMinor: null }
  let inMinor = 0n
  let outMinor = 0n
  let inCount = 0
  let outCount = 0
  let biggestPayment: Statement['biggestPayment'] = null

  for (const entry of entries) {
    const type = billTypeOf(entry.kind)
    const totals = types.get(type) ?? { type, outMinor: 0n, inMinor: 0n, count: 0 }
    types.set(type, totals)
    totals.count++
    if (entry.amountMinor < 0n) {
      const amount = -entry.amountMinor
      outMinor += amount
      outCount++
      totals.outMinor += amount
      dailyOutMinor[dayOfMonth(entry.at, input.month, input.timeZone) - 1]! += amount
      if (!biggestPayment || amount > biggestPayment.amountMinor) biggestPayment = { amountMinor: amount, at: entry.at, counterparty: entry.counterparty, postingKind: entry.kind }
      const payeeId = entry.counterparty.userId
      if (payeeId !== null) {
        const payee = payees.get(payeeId) ?? { counterparty: entry.counterparty, outMinor: 0n, count: 0 }
        payees.set(payeeId, payee)
        payee.outMinor += amount
        payee.count++
      }
    } else {
      inMinor += entry.amountMinor
      inCount++
      totals.inMinor += entry.amountMinor
    }
    noteRedPacket(redPackets, entry)
  }

  const netMinor = inMinor - outMinor
  const closingMinor = entries.length ? entries[entries.length - 1]!.balanceAfterMinor : input.openingMinor
  return {
    userId: input.userId,
    month: input.month,
    timeZone: input.timeZone,
    currency: input.currency,
    openingMinor: input.openingMinor,
    closingMinor,
    inMinor,
    outMinor,
    netMinor,
    inCount,
    outCount,
    byType: [...types.values()].sort(mostOutFirst),
    topPayees: [...payees.values()].sort((a, b) => mostOutFirst(a, b) || b.count - a.count).slice(0, TOP_PAYEES),
    redPackets,
    biggestPayment,
    previousOutMinor: input.previousOutMinor,
    dailyOutMinor,
    balanced: input.openingMinor + netMinor === closingMinor,
  }
}

function noteRedPacket(redPackets: Statement['redPackets'], entry: JournalEntry): void {
  switch (entry.kind) {
    case 'red_packet_hold':
      redPackets.sentMinor += -entry.amountMinor
      redPackets.sentCount++
      break
    case 'red_packet_grab':
      redPackets.receivedMinor += entry.amountMinor
      redPackets.receivedCount++
      if (redPackets.luckiestMinor === null || entry.amountMinor > redPackets.luckiestMinor) redPackets.luckiestMinor = entry.amountMinor
      break
    case 'red_packet_refund':
      redPackets.returnedMinor += entry.amountMinor
      break
  }
}

/** Nothing happened and nothing is held: no statement is worth pushing. */
export const isEmpty = (statement: Statement) => statement.inCount + statement.outCount === 0 && statement.closingMinor === 0n
