import { asBigint, asDate, asNumber, asNumberOrNull, type SqlValue, type Tx } from '../db/port.js'
import type { Counterparty } from '../wallet/history.js'

/** One wallet entry as a statement reads it. */
export interface JournalEntry {
  userId: number
  entryId: number
  at: Date
  postingKind: string
  /** Signed: negative when money left the wallet. */
  amountMinor: bigint
  balanceAfterMinor: bigint
  counterparty: Counterparty
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ')

/**
 * The wallet entries of these users in [from, to), each user's in journal order, with the
 * posting's kind and the account on the other side. One query for a whole batch of users:
 * the statement job reads hundreds of wallets at a time.
 */
export async function readEntries(tx: Tx, currency: string, userIds: number[], from: Date, to: Date): Promise<JournalEntry[]> {
  if (userIds.length === 0) return []
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT w.user_id, e.id, e.created_at, e.amount_minor, e.balance_after_minor, p.kind AS posting_kind,
            o.kind AS other_kind, o.user_id AS other_user_id, u.username AS other_username, u.first_name AS other_first_name
     FROM accounts w
     JOIN entries e ON e.account_id = w.id
     JOIN transfers t ON t.id = e.transfer_id
     JOIN postings p ON p.id = t.posting_id
     JOIN accounts o ON o.id = CASE WHEN t.debit_account_id = w.id THEN t.credit_account_id ELSE t.debit_account_id END
     LEFT JOIN users u ON u.id = o.user_id
     WHERE w.kind = 'wallet' AND w.currency = ? AND w.user_id IN (${placeholders(userIds.length)})
       AND e.created_at >= ? AND e.created_at < ?
     ORDER BY w.user_id, e.id`,
    currency,
    ...(userIds as SqlValue[]),
    from,
    to,
  )
  return rows.map((row) => ({
    userId: asNumber(row.user_id),
    entryId: asNumber(row.id),
    at: asDate(row.created_at),
    postingKind: row.posting_kind as string,
    amountMinor: asBigint(row.amount_minor),
    balanceAfterMinor: asBigint(row.balance_after_minor),
    counterparty: {
      userId: asNumberOrNull(row.other_user_id),
      username: (row.other_username as string | null) ?? null,
      firstName: (row.other_first_name as string | null) ?? null,
      accountKind: row.other_kind as string,
    },
  }))
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
