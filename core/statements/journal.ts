import { asBigint, asDate, asNumber, asNumberOrNull, type SqlValue, type Tx } from '../db/port.js'
import type { Counterparty } from '../wallet/history.js'

/** One wallet entry as a statement reads it. */
export interface JournalEntry {
  userId: number
  entryId: number
  at: Date
  /** The posting's kind: `transfer`, `red_packet_hold`… */
  kind: string
  /** Signed: negative when money left the wallet. */
  amountMinor: bigint
  balanceAfterMinor: bigint
  /** The account on the other side; entries with the same one share the object. */
  counterparty: Counterparty
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ')
const WALLETS_OF = (count: number) => `w.kind = 'wallet' AND w.currency = ? AND w.user_id IN (${placeholders(count)})`

/**
 * The wallet entries of these users in [from, to), each user's in journal order, with the
 * posting's kind and the account on the other side. One query for a whole batch of users (the
 * statement job reads hundreds of wallets at a time), then one for the distinct accounts on
 * the other side: joining each entry to its counterparty's account and user row cost more
 * than everything else the statement does.
 */
export async function readEntries(tx: Tx, currency: string, userIds: number[], from: Date, to: Date): Promise<JournalEntry[]> {
  if (userIds.length === 0) return []
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT w.user_id, e.id, e.created_at, e.amount_minor, e.balance_after_minor, p.kind,
            CASE WHEN t.debit_account_id = w.id THEN t.credit_account_id ELSE t.debit_account_id END AS other_account_id
     FROM accounts w
     JOIN entries e ON e.account_id = w.id
     JOIN transfers t ON t.id = e.transfer_id
     JOIN postings p ON p.id = t.posting_id
     WHERE ${WALLETS_OF(userIds.length)} AND e.created_at >= ? AND e.created_at < ?
     ORDER BY w.user_id, e.id`,
    currency,
    ...(userIds as SqlValue[]),
    from,
    to,
  )
  const others = await readCounterparties(tx, [...new Set(rows.map((row) => asNumber(row.other_account_id)))])
  return rows.map((row) => ({
    userId: asNumber(row.user_id),
    entryId: asNumber(row.id),
    at: asDate(row.created_at),
    kind: row.kind as string,
    amountMinor: asBigint(row.amount_minor),
    balanceAfterMinor: asBigint(row.balance_after_minor),
    counterparty: others.get(asNumber(row.other_account_id))!,
  }))
}

async function readCounterparties(tx: Tx, accountIds: number[]): Promise<Map<number, Counterparty>> {
  const counterparties = new Map<number, Counterparty>()
  const CHUNK = 1_000
  for (let at = 0; at < accountIds.length; at += CHUNK) {
    const chunk = accountIds.slice(at, at + CHUNK)
    const rows = await tx.all<Record<string, unknown>>(
      `SELECT a.id, a.kind, a.user_id, u.username, u.first_name, m.name AS merchant_name FROM accounts a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN merchants m ON m.account_id = a.id WHERE a.id IN (${placeholders(chunk.length)})`,
      ...(chunk as SqlValue[]),
    )
    for (const row of rows) {
      counterparties.set(asNumber(row.id), {
        userId: asNumberOrNull(row.user_id),
        username: (row.username as string | null) ?? null,
        firstName: (row.first_name as string | null) ?? null,
        accountKind: row.kind as string,
        merchantName: (row.merchant_name as string | null) ?? null,
        // A statement groups by the account on the other side: every card's money is bank settlement's.
        bankCard: null,
      })
    }
  }
  return counterparties
}

/** Each user's spending (money out of the wallet) in [from, to): the month before's, for comparison. */
export async function readSpending(tx: Tx, currency: string, userIds: number[], from: Date, to: Date): Promise<Map<number, bigint>> {
  const spending = new Map<number, bigint>()
  if (userIds.length === 0) return spending
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT w.user_id, CAST(SUM(-e.amount_minor) AS BIGINT) AS spent FROM accounts w JOIN entries e ON e.account_id = w.id
     WHERE ${WALLETS_OF(userIds.length)} AND e.amount_minor < 0 AND e.created_at >= ? AND e.created_at < ?
     GROUP BY w.user_id`,
    currency,
    ...(userIds as SqlValue[]),
    from,
    to,
  )
  for (const row of rows) spending.set(asNumber(row.user_id), asBigint(row.spent))
  return spending
}

/** Each user's wallet balance just before `at` (the balance after their last earlier entry). */
export async function readBalancesBefore(tx: Tx, currency: string, userIds: number[], at: Date): Promise<Map<number, bigint>> {
  const balances = new Map<number, bigint>()
  if (userIds.length === 0) return balances
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT w.user_id, e.balance_after_minor
     FROM accounts w
     JOIN entries e ON e.id = (SELECT MAX(l.id) FROM entries l WHERE l.account_id = w.id AND l.created_at < ?)
     WHERE ${WALLETS_OF(userIds.length)}`,
    at,
    currency,
    ...(userIds as SqlValue[]),
  )
  for (const row of rows) balances.set(asNumber(row.user_id), asBigint(row.balance_after_minor))
  return balances
}
