import type { Database } from '../db/database.js'
import { asBigint, asDate, asNumber, asNumberOrNull, type SqlValue } from '../db/port.js'
import { DomainError } from '../errors.js'
import { BILL_TYPES, postingKindsOf, type BillType } from './bill-types.js'
import type { BankCode, CardType } from '../bank/card-number.js'

export interface Counterparty {
  /** A user wallet's owner, or null for a system account (issuance, escrow...). */
  userId: number | null
  username: string | null
  firstName: string | null
  /** The account kind: `wallet`, `merchant`, `issuance`, `red_packet_escrow`... */
  accountKind: string
  /** A merchant account's merchant, as payers see it. */
  merchantName: string | null
  /** A top-up from, or withdrawal to, a bank card: the card, and the withdrawal's fee. */
  bankCard: BillBankCard | null
}

export interface BillBankCard {
  bankCode: BankCode | null
  cardType: CardType | null
  last4: string
  feeMinor: bigint
}

export interface HistoryItem {
  entryId: number
  /** The posting the entry belongs to: the bill's reference. */
  postingId: number
  at: Date
  /** The posting kind: `topup`, `transfer`, `claim_hold`, `red_packet_hold`... */
  kind: string
  /** Signed: negative when money left the wallet. */
  amountMinor: bigint
  balanceAfterMinor: bigint
  currency: string
  memo: string | null
  counterparty: Counterparty
}

export interface HistoryPage {
  items: HistoryItem[]
  /** Pass back as `beforeEntryId` for the next (older) page; null on the last page. */
  nextCursor: number | null
}

export interface BillFilter {
  /** Entries in [from, to): a month in the reader's zone. */
  from?: Date | null
  to?: Date | null
  direction?: 'in' | 'out' | null
  type?: BillType | null
}

export interface HistoryQuery extends BillFilter {
  userId: number
  currency: string
  limit: number
  beforeEntryId?: number | null
}

/**
 * A wallet entry with what a bill shows: its posting, and the account on the other side
 * (the other user's wallet, or a system account such as red-packet escrow). The columns
 * and joins are shared with the statement's journal reader.
 */
export const BILL_SELECT = `SELECT w.user_id, e.id, e.created_at, e.amount_minor, e.balance_after_minor, t.posting_id, t.currency,
       p.kind AS posting_kind, p.memo, o.kind AS other_kind, o.user_id AS other_user_id,
       u.username AS other_username, u.first_name AS other_first_name, m.name AS other_merchant_name,
       bc.bank_code, bc.card_type, bc.last4 AS card_last4, COALESCE(bt.fee_minor, bw.fee_minor) AS bank_fee_minor
     FROM accounts w
     JOIN entries e ON e.account_id = w.id
     JOIN transfers t ON t.id = e.transfer_id
     JOIN postings p ON p.id = t.posting_id
     JOIN accounts o ON o.id = CASE WHEN t.debit_account_id = w.id THEN t.credit_account_id ELSE t.debit_account_id END
     LEFT JOIN users u ON u.id = o.user_id
     LEFT JOIN merchants m ON m.account_id = o.id
     LEFT JOIN bank_operations bt ON bt.posting_id = p.id AND p.kind = 'bank_topup'
     LEFT JOIN bank_operations bw ON bw.hold_id = p.hold_id AND p.kind IN ('withdrawal_hold', 'withdrawal_return')
     LEFT JOIN bank_cards bc ON bc.id = COALESCE(bt.card_id, bw.card_id)`

export function toHistoryItem(row: Record<string, unknown>): HistoryItem {
  return {
    entryId: asNumber(row.id),
    postingId: asNumber(row.posting_id),
    at: asDate(row.created_at),
    kind: row.posting_kind as string,
    amountMinor: asBigint(row.amount_minor),
    balanceAfterMinor: asBigint(row.balance_after_minor),
    currency: row.currency as string,
    memo: (row.memo as string | null) ?? null,
    counterparty: {
      userId: asNumberOrNull(row.other_user_id),
      username: (row.other_username as string | null) ?? null,
      firstName: (row.other_first_name as string | null) ?? null,
      accountKind: row.other_kind as string,
      merchantName: (row.other_merchant_name as string | null) ?? null,
      bankCard: row.card_last4
        ? { bankCode: (row.bank_code as BankCode | null) ?? null, cardType: (row.card_type as CardType | null) ?? null, last4: row.card_last4 as string, feeMinor: asBigint(row.bank_fee_minor) }
        : null,
    },
  }
}

/** The WHERE conditions of a filter, with their parameters. */
function filterSql(filter: BillFilter): { sql: string; params: SqlValue[] } {
  const conditions: string[] = []
  const params: SqlValue[] = []
  if (filter.from) {
    conditions.push('e.created_at >= ?')
    params.push(filter.from)
  }
  if (filter.to) {
    conditions.push('e.created_at < ?')
    params.push(filter.to)
  }
  if (filter.direction) conditions.push(filter.direction === 'in' ? 'e.amount_minor > 0' : 'e.amount_minor < 0')
  if (filter.type) {
    // 'other' is every kind that no named type claims.
    const kinds = filter.type === 'other' ? BILL_TYPES.flatMap(postingKindsOf) : postingKindsOf(filter.type)
    conditions.push(`p.kind ${filter.type === 'other' ? 'NOT IN' : 'IN'} (${kinds.map(() => '?').join(', ')})`)
    params.push(...kinds)
  }
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(''), params }
}

/** A user's wallet journal, newest first, filtered, paged by a cursor that stays stable under inserts. */
export async function listHistory(db: Database, query: HistoryQuery): Promise<HistoryPage> {
  const filter = filterSql(query)
  const rows = await db.read(
    (tx) =>
      tx.all<Record<string, unknown>>(
        `${BILL_SELECT}
         WHERE w.kind = 'wallet' AND w.user_id = ? AND w.currency = ?${query.beforeEntryId ? ' AND e.id < ?' : ''}${filter.sql}
         ORDER BY e.id DESC LIMIT ?`,
        query.userId,
        query.currency,
        ...(query.beforeEntryId ? [query.beforeEntryId] : []),
        ...filter.params,
        query.limit + 1,
      ),
    { snapshot: false },
  )
  const items = rows.slice(0, query.limit).map(toHistoryItem)
  return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.entryId : null }
}

/** How many entries a merchant's bills show; written into the SQL (see risk.ts LOOK_BACK). */
export const ACCOUNT_BILLS = 20

/** The latest entries of one account (a merchant's takings, refunds and settlements), newest first. */
export async function listAccountHistory(db: Database, accountId: number): Promise<HistoryItem[]> {
  const rows = await db.read((tx) => tx.all<Record<string, unknown>>(`${BILL_SELECT} WHERE w.id = ? ORDER BY e.id DESC LIMIT ${ACCOUNT_BILLS}`, accountId), { snapshot: false })
  return rows.map(toHistoryItem)
}

/**
 * One bill, for its detail view: only ever from the asker's own wallet, so an entry id of
 * someone else's (altered callback data) finds nothing.
 */
export async function getBill(db: Database, userId: number, currency: string, entryId: number): Promise<HistoryItem> {
  const row = await db.read(
    (tx) => tx.get<Record<string, unknown>>(`${BILL_SELECT} WHERE w.kind = 'wallet' AND w.user_id = ? AND w.currency = ? AND e.id = ?`, userId, currency, entryId),
    { snapshot: false },
  )
  if (!row) throw new DomainError('BILL_NOT_FOUND')
  return toHistoryItem(row)
}
