import type { Database } from '../db/database.js'
import { asBigint, asDate, asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { idempotencyKeys } from '../common/keys.js'
import { post } from '../ledger/posting.js'
import { localTime, monthOf, monthRange, zonedInstant } from '../statements/calendar.js'
import { listAccountHistory, type HistoryItem } from '../wallet/history.js'
import { userWalletAccountId } from '../wallet/transfer.js'
import { ownMerchant, type Merchant } from './merchants.js'

/** How many of the latest payments the dashboard lists; written into the SQL (see risk.ts LOOK_BACK). */
export const LATEST_PAYMENTS = 5

export interface Takings {
  count: number
  amountMinor: bigint
}

export interface DashboardPayment {
  orderId: number
  amountMinor: bigint
  refundedMinor: bigint
  payerUserId: number
  paidAt: Date
  description: string | null
}

export interface MerchantDashboard {
  merchant: Merchant
  balanceMinor: bigint
  today: Takings
  month: Takings
  latest: DashboardPayment[]
}

/** The owner's merchant at a glance: takings today and this month (in `timeZone`), what its account holds, the latest payments. */
export function merchantDashboard(db: Database, ownerUserId: number, timeZone: string): Promise<MerchantDashboard> {
  return db.read(async (tx) => {
    const merchant = await ownMerchant(tx, ownerUserId)
    const local = localTime(tx.now, timeZone)
    const dayStart = zonedInstant(local.year, local.month, local.day, 0, timeZone)
    const monthStart = monthRange(monthOf(tx.now, timeZone), timeZone).from
    // Each payment with what its done refunds add up to, in one read.
    const rows = await tx.all<Record<string, unknown>>(
      `SELECT o.id, o.amount_minor, o.payer_user_id, o.closed_at, o.description,
         CAST(COALESCE((SELECT SUM(r.amount_minor) FROM merchant_refunds r WHERE r.order_id = o.id AND r.status = 'done'), 0) AS BIGINT) AS refunded_minor
       FROM merchant_orders o WHERE o.merchant_id = ? AND o.status = 'paid' ORDER BY o.closed_at DESC LIMIT ${LATEST_PAYMENTS}`,
      merchant.id,
    )
    const latest = rows.map((row): DashboardPayment => ({
      orderId: asNumber(row.id),
      amountMinor: asBigint(row.amount_minor),
      refundedMinor: asBigint(row.refunded_minor),
      payerUserId: asNumber(row.payer_user_id),
      paidAt: asDate(row.closed_at),
      description: row.description as string | null,
    }))
    return { merchant, balanceMinor: await accountBalance(tx, merchant), today: await takingsSince(tx, merchant, dayStart), month: await takingsSince(tx, merchant, monthStart), latest }
  })
}

/** The merchant's own bills: its latest takings, refunds and moves to the owner's wallet. */
export async function merchantBills(db: Database, ownerUserId: number): Promise<{ merchant: Merchant; items: HistoryItem[] }> {
  const merchant = await db.read((tx) => ownMerchant(tx, ownerUserId))
  return { merchant, items: await listAccountHistory(db, merchant.accountId) }
}

/**
 * Moves everything the merchant's account holds to its owner's wallet (结算), once per
 * request (`requestKey`: a second press of the same button replays the first move).
 */
export function settleToOwner(db: Database, ownerUserId: number, request: { chatId: number | bigint; messageId: number }): Promise<{ merchant: Merchant; amountMinor: bigint; alreadyDone: boolean }> {
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, ownerUserId)
    const balanceMinor = await accountBalance(tx, merchant, { lock: true })
    const idempotencyKey = idempotencyKeys.merchantSettlement(request.chatId, request.messageId)
    const done = await tx.get<{ id: unknown }>('SELECT id FROM postings WHERE idempotency_key = ?', idempotencyKey)
    if (done) return { merchant, amountMinor: 0n, alreadyDone: true }
    if (balanceMinor === 0n) throw new DomainError('MERCHANT_NOTHING_TO_SETTLE')
    const currency = (await tx.get<{ currency: string }>('SELECT currency FROM accounts WHERE id = ?', merchant.accountId))!.currency
    await post(tx, {
      idempotencyKey,
      kind: 'merchant_settlement',
      memo: merchant.name,
      transfers: [{ debitAccountId: merchant.accountId, creditAccountId: await userWalletAccountId(tx, ownerUserId, currency), amountMinor: balanceMinor, currency }],
    })
    return { merchant, amountMinor: balanceMinor, alreadyDone: false }
  })
}

async function takingsSince(tx: Tx, merchant: Merchant, since: Date): Promise<Takings> {
  const row = await tx.get<{ n: unknown; total: unknown }>(
    `SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS total FROM merchant_orders WHERE merchant_id = ? AND status = 'paid' AND closed_at >= ?`,
    merchant.id,
    since,
  )
  return { count: asNumber(row?.n ?? 0), amountMinor: asBigint(row?.total ?? 0) }
}

async function accountBalance(tx: Tx, merchant: Merchant, { lock = false } = {}): Promise<bigint> {
  const row = await tx.get<{ balance_minor: unknown }>(`SELECT balance_minor FROM accounts WHERE id = ?${lock ? ' FOR UPDATE' : ''}`, merchant.accountId)
  return asBigint(row?.balance_minor ?? 0)
}
