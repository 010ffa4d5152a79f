import { asBigint, asNumber, type SqlValue, type Tx } from '../db/port.js'
import { BILL_SELECT, toHistoryItem, type HistoryItem } from '../wallet/history.js'

/** One wallet entry as a statement reads it: a bill, and whose it is. */
export type JournalEntry = HistoryItem & { userId: number }

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ')

/**
 * The wallet entries of these users in [from, to), each user's in journal order, with the
 * posting's kind and the account on the other side. One query for a whole batch of users:
 * the statement job reads hundreds of wallets at a time.
 */
export async function readEntries(tx: Tx, currency: string, userIds: number[], from: Date, to: Date): Promise<JournalEntry[]> {
  if (userIds.length === 0) return []
  const rows = await tx.all<Record<string, unknown>>(
    `${BILL_SELECT}
     WHERE w.kind = 'wallet' AND w.currency = ? AND w.user_id IN (${placeholders(userIds.length)})
       AND e.created_at >= ? AND e.created_at < ?
     ORDER BY w.user_id, e.id`,
    currency,
    ...(userIds as SqlValue[]),
    from,
    to,
  )
  return rows.map((row) => ({ ...toHistoryItem(row), userId: asNumber(row.user_id) }))
}

/** Each user's wallet balance just before `at` (the balance after their last earlier entry). */
export async function readBalancesBefore(tx: Tx, currency: string, userIds: number[], at: Date): Promise<Map<number, bigint>> {
  const balances = new Map<number, bigint>()
  if (userIds.length === 0) return balances
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT w.user_id, e.balance_after_minor
     FROM accounts w
     JOIN entries e ON e.id = (SELECT MAX(l.id) FROM entries l WHERE l.account_id = w.id AND l.created_at < ?)
     WHERE w.kind = 'wallet' AND w.currency = ? AND w.user_id IN (${placeholders(userIds.length)})`,
    at,
    currency,
    ...(userIds as SqlValue[]),
  )
  for (const row of rows) balances.set(asNumber(row.user_id), asBigint(row.balance_after_minor))
  return balances
}
