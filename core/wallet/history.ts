import type { Database } from '../db/database.js'
import { walletAccountCode } from '../ledger/accounts.js'

export interface Counterparty {
  /** A user wallet's owner, or null for a system account (issuance, escrow...). */
  userId: number | null
  username: string | null
  firstName: string | null
  /** The account kind: `wallet`, `issuance`, `red_packet_escrow`... */
  accountKind: string
}

export interface HistoryItem {
  entryId: number
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

export interface HistoryQuery {
  userId: number
  currency: string
  limit: number
  beforeEntryId?: number | null
}

/** A user's wallet journal, newest first, paged by a cursor that stays stable under inserts. */
export async function listHistory(db: Database, query: HistoryQuery): Promise<HistoryPage> {
  const account = await db.prisma.account.findUnique({
    where: { code: walletAccountCode(query.userId, query.currency) },
    select: { id: true },
  })
  if (!account) return { items: [], nextCursor: null }
  const counterpartyAccount = { select: { id: true, kind: true, user: { select: { id: true, username: true, firstName: true } } } }
  const rows = await db.prisma.entry.findMany({
    where: { accountId: account.id, ...(query.beforeEntryId ? { id: { lt: query.beforeEntryId } } : {}) },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    include: {
      transfer: {
        include: { posting: { select: { kind: true, memo: true } }, debitAccount: counterpartyAccount, creditAccount: counterpartyAccount },
      },
    },
  })
  const page = rows.slice(0, query.limit)
  return {
    items: page.map((row) => {
      const { transfer } = row
      const other = transfer.debitAccountId === account.id ? transfer.creditAccount : transfer.debitAccount
      return {
        entryId: row.id,
        at: row.createdAt,
        kind: transfer.posting.kind,
        amountMinor: row.amountMinor,
        balanceAfterMinor: row.balanceAfterMinor,
        currency: transfer.currency,
        memo: transfer.posting.memo,
        counterparty: {
          userId: other.user?.id ?? null,
          username: other.user?.username ?? null,
          firstName: other.user?.firstName ?? null,
          accountKind: other.kind,
        },
      }
    }),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  }
}
