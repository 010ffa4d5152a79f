import { asBigint, asDate, asDateOrNull, asNumber, type Tx } from '../db/port.js'
import { toCardView, type BankCardView } from './cards.js'

/*
 * A bank operation (a top-up from a card, a withdrawal to one) as the funding flows and the
 * bot read it.
 */

export type BankOperationKind = 'topup' | 'withdrawal'
export type BankOperationStatus = 'awaiting_password' | 'submitting' | 'pending' | 'succeeded' | 'declined' | 'expired'

export interface BankOperationView {
  token: string
  kind: BankOperationKind
  status: BankOperationStatus
  userId: number
  amountMinor: bigint
  /** Withdrawals only: on top of the amount, to the fee account. */
  feeMinor: bigint
  currency: string
  card: BankCardView
  declineReason: string | null
  createdAt: Date
  settledAt: Date | null
  /** The wallet's balance right after the money moved, when the view comes from that very unit (settle.ts). */
  balanceAfterMinor: bigint | null
}

const SELECT_OPERATION = `SELECT o.*, c.token AS card_token, c.bank_code, c.card_type, c.last4, c.holder_masked, c.created_at AS card_created_at
  FROM bank_operations o JOIN bank_cards c ON c.id = o.card_id`

/** The operation (with its card) matching `where`, or undefined. */
export async function readOperation(tx: Tx, where: string, value: string | number): Promise<BankOperationView | undefined> {
  const row = await tx.get<Record<string, unknown>>(`${SELECT_OPERATION} WHERE ${where}`, value)
  return row && toOperationView(row)
}

function toOperationView(row: Record<string, unknown>): BankOperationView {
  return {
    token: row.token as string,
    kind: row.kind as BankOperationKind,
    status: row.status as BankOperationStatus,
    userId: asNumber(row.user_id),
    amountMinor: asBigint(row.amount_minor),
    feeMinor: asBigint(row.fee_minor),
    currency: row.currency as string,
    card: toCardView({ ...row, token: row.card_token, created_at: row.card_created_at }),
    declineReason: (row.decline_reason as string | null) ?? null,
    createdAt: asDate(row.created_at),
    settledAt: asDateOrNull(row.settled_at),
    balanceAfterMinor: null,
  }
}

