import type { Database } from '../db/database.js'
import { addMonths, monthRange, type Month } from './calendar.js'
import { readBalancesBefore, readEntries, readSpending, type JournalEntry } from './journal.js'
import { summarize, type Statement } from './summary.js'

export interface StatementsQuery {
  month: Month
  /** Every user asked for shares this zone (the job groups them by it). */
  timeZone: string
  currency: string
  userIds: number[]
}

/**
 * Statements of a month for a batch of users in one zone, from the ledger: four queries
 * however many users, all in one snapshot so the opening balance and the month's entries
 * agree. Read-only: computing a statement never takes the writer.
 */
export function computeStatements(db: Database, query: StatementsQuery): Promise<Statement[]> {
  const { from, to } = monthRange(query.month, query.timeZone)
  const previous = monthRange(addMonths(query.month, -1), query.timeZone)
  return db.read(async (tx) => {
    const entries = groupByUser(await readEntries(tx, query.currency, query.userIds, from, to))
    // A wallet with entries this month opened it at its first entry's balance before that
    // entry; only the others need a look further back.
    const quiet = query.userIds.filter((userId) => !entries.has(userId))
    const openings = await readBalancesBefore(tx, query.currency, quiet, from)
    const previousSpending = await readSpending(tx, query.currency, query.userIds, previous.from, previous.to)
    return query.userIds.map((userId) => {
      const own = entries.get(userId) ?? []
      const first = own[0]
      return summarize({
        userId,
        month: query.month,
        timeZone: query.timeZone,
        currency: query.currency,
        openingMinor: first ? first.balanceAfterMinor - first.amountMinor : (openings.get(userId) ?? 0n),
        entries: own,
        previousOutMinor: previousSpending.get(userId) ?? 0n,
      })
    })
  })
}

function groupByUser(entries: JournalEntry[]): Map<number, JournalEntry[]> {
  const byUser = new Map<number, JournalEntry[]>()
  for (const entry of entries) {
    let list = byUser.get(entry.userId)
    if (!list) byUser.set(entry.userId, (list = []))
    list.push(entry)
  }
  return byUser
}
