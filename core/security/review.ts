import type { Database } from '../db/database.js'
import { asBigint, asBigintOrNull, asDate, asDateOrNull, asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { ensureWalletAccount, writeOnSystemAccount } from '../ledger/accounts.js'
import { holdClaimedPosting, releaseFromHold, returnHold } from '../ledger/holds.js'
import type { PostingResult } from '../ledger/posting.js'
import { enqueue } from '../outbox/outbox.js'
import { recordSecurityEvent } from './account-security.js'
import { uncountSpending, type ReviewOrder } from './authorize.js'

/*
 * Payments held for review (交易审核中): when the risk rules hold a transfer, its money goes
 * into the review escrow, not to the payee, and waits for an admin. Approved, it is paid to
 * the payee; rejected, or not reviewed within REVIEW_TIMEOUT_HOURS, it goes back to the payer
 * (and out of their day's spending). One conditional update of the row decides: whichever
 * decision comes first wins, and the money moves in the same unit of work, once.
 */

export type HeldStatus = 'held' | 'approved' | 'rejected' | 'expired'

export interface HeldPayment {
  id: number
  holdId: number
  payerUserId: number
  payeeUserId: number
  amountMinor: bigint
  currency: string
  memo: string | null
  /** The rules that held it, each `rule:action`. */
  reasons: string[]
  status: HeldStatus
  /** The day of the payer's daily limit it counted in. */
  spendingDay: string
  createdAt: Date
  expiresAt: Date
  decidedAt: Date | null
  decidedByTelegramId: bigint | null
}

export interface HeldTransfer {
  postingId: number
  idempotencyKey: string
  payerUserId: number
  payeeUserId: number
  payerAccountId: number
  amountMinor: bigint
  currency: string
  memo: string | null
  actorTelegramId?: bigint | null
}

/**
 * Holds a transfer whose key `postingId` just claimed: its money moves into the review escrow,
 * and the payment waits in the admins' queue (/review). Part of the payment's own unit.
 */
export async function holdForReview(tx: Tx, payment: HeldTransfer, order: ReviewOrder, timeoutMs: number): Promise<{ held: HeldPayment; posting: PostingResult }> {
  const { hold, posting } = await holdClaimedPosting(tx, payment.postingId, {
    kind: 'review',
    idempotencyKey: payment.idempotencyKey,
    sourceAccountId: payment.payerAccountId,
    currency: payment.currency,
    amountMinor: payment.amountMinor,
    expiresAt: new Date(tx.now.getTime() + timeoutMs),
    memo: payment.memo,
    actorTelegramId: payment.actorTelegramId,
  })
  const row = await tx.get<Record<string, unknown>>(
    `INSERT INTO held_payments (hold_id, payer_user_id, payee_user_id, amount_minor, currency, memo, reasons, spending_day, status, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'held', ?, ?) RETURNING *`,
    hold.id,
    payment.payerUserId,
    payment.payeeUserId,
    payment.amountMinor,
    payment.currency,
    payment.memo,
    order.reasons,
    order.spendingDay,
    hold.expiresAt,
    tx.now,
  )
  await recordSecurityEvent(tx, payment.payerUserId, 'payment_held', null, payment.amountMinor.toString())
  return { held: toHeld(row!), posting }
}

/** The held payment behind a review hold (a replayed payment finds what became of it). */
export async function heldByHold(tx: Tx, holdId: number): Promise<HeldPayment> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM held_payments WHERE hold_id = ?', holdId)
  if (!row) throw new Error(`hold ${holdId} has no held payment`)
  return toHeld(row)
}

/** How many held payments one /review shows (the oldest first); written into the SQL (see risk.ts LOOK_BACK). */
export const REVIEW_PAGE = 10

/** The review queue: the oldest payments still waiting, and how many wait in all. */
export function reviewQueue(db: Database): Promise<{ waiting: number; first: HeldPayment[] }> {
  return db.read(async (tx) => {
    const rows = await tx.all<Record<string, unknown>>(`SELECT * FROM held_payments WHERE status = 'held' ORDER BY id LIMIT ${REVIEW_PAGE}`)
    const count = await tx.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM held_payments WHERE status = 'held'`)
    return { waiting: asNumber(count?.n ?? 0), first: rows.map(toHeld) }
  })
}

export function getHeldPayment(db: Database, id: number): Promise<HeldPayment> {
  return db.read(async (tx) => {
    const row = await tx.get<Record<string, unknown>>('SELECT * FROM held_payments WHERE id = ?', id)
    if (!row) throw new DomainError('HELD_PAYMENT_NOT_FOUND')
    return toHeld(row)
  })
}

export type ReviewDecision = 'approve' | 'reject'

/** What a decision did: the payment as decided, and the outbox keys of the notices it wrote (none when it came second). */
export interface ReviewOutcome {
  held: HeldPayment
  decidedNow: boolean
  notices: string[]
}

/**
 * An admin's decision on a held payment. Only a payment still held can be decided; a second
 * decision (a double tap, another admin, the clock) changes nothing and gets the payment as
 * the first one left it, with `decidedNow` false.
 */
export function decideHeldPayment(db: Database, id: number, decision: ReviewDecision, adminTelegramId: bigint): Promise<ReviewOutcome> {
  return writeOnSystemAccount(db, 'review_escrow', (tx) => decide(tx, id, decision === 'approve' ? 'approved' : 'rejected', adminTelegramId))
}

/** Returns to their payers the held payments nobody reviewed in time; how many. */
export function expireHeldPayments(db: Database, limit = 100): Promise<number> {
  return writeOnSystemAccount(db, 'review_escrow', async (tx) => {
    const due = await tx.all<{ id: unknown }>(`SELECT id FROM held_payments WHERE status = 'held' AND expires_at <= ? ORDER BY id LIMIT ${Math.trunc(limit)}`, tx.now)
    let expired = 0
    for (const { id } of due) if ((await decide(tx, asNumber(id), 'expired', null)).decidedNow) expired++
    return expired
  })
}

async function decide(tx: Tx, id: number, status: Exclude<HeldStatus, 'held'>, adminTelegramId: bigint | null): Promise<ReviewOutcome> {
  const row = await tx.get<Record<string, unknown>>(
    `UPDATE held_payments SET status = ?, decided_at = ?, decided_by_telegram_id = ? WHERE id = ? AND status = 'held' RETURNING *`,
    status,
    tx.now,
    adminTelegramId,
    id,
  )
  if (!row) {
    const existing = await tx.get<Record<string, unknown>>('SELECT * FROM held_payments WHERE id = ?', id)
    if (!existing) throw new DomainError('HELD_PAYMENT_NOT_FOUND')
    return { held: toHeld(existing), decidedNow: false, notices: [] }
  }
  const held = toHeld(row)
  const notices = [noticeKeys.paymentReviewed(held.id)]
  let balanceAfterMinor: bigint | null = null
  if (status === 'approved') notices.push(await payOut(tx, held, adminTelegramId))
  else balanceAfterMinor = await giveBack(tx, held, status, adminTelegramId)
  await recordSecurityEvent(tx, held.payerUserId, `payment_${status}`, adminTelegramId, held.amountMinor.toString())
  await enqueue(tx, {
    dedupeKey: notices[0]!,
    type: 'payment_reviewed',
    userId: held.payerUserId,
    data: { outcome: status, payeeUserId: held.payeeUserId, amountMinor: held.amountMinor.toString(), currency: held.currency, balanceAfterMinor: balanceAfterMinor?.toString() ?? null },
  })
  return { held, decidedNow: true, notices }
}

/** Approved: the escrow pays the payee, who hears of it as of any transfer (the notice's key returned). */
async function payOut(tx: Tx, held: HeldPayment, adminTelegramId: bigint | null): Promise<string> {
  const posting = await releaseFromHold(tx, {
    idempotencyKey: idempotencyKeys.reviewRelease(held.id),
    holdId: held.holdId,
    toAccountId: await ensureWalletAccount(tx, held.payeeUserId, held.currency),
    amountMinor: held.amountMinor,
    kind: 'review_release',
    memo: held.memo,
    actorTelegramId: adminTelegramId,
  })
  const [leg] = posting.transfers
  const dedupeKey = noticeKeys.transferReceived(posting.postingId)
  await enqueue(tx, {
    dedupeKey,
    type: 'transfer_received',
    userId: held.payeeUserId,
    data: { fromUserId: held.payerUserId, amountMinor: held.amountMinor.toString(), currency: held.currency, balanceAfterMinor: leg!.creditBalanceAfterMinor.toString(), memo: held.memo },
  })
  return dedupeKey
}

/** Rejected or expired: the money goes back, and no longer counts against the payer's day. Returns the payer's balance. */
async function giveBack(tx: Tx, held: HeldPayment, status: 'rejected' | 'expired', adminTelegramId: bigint | null): Promise<bigint | null> {
  const returned = await returnHold(tx, { holdId: held.holdId, status: status === 'expired' ? 'expired' : 'returned', kind: 'review_return', memo: held.memo, actorTelegramId: adminTelegramId })
  await uncountSpending(tx, held.payerUserId, held.spendingDay, held.amountMinor)
  return returned?.posting?.transfers[0]?.creditBalanceAfterMinor ?? null
}

function toHeld(row: Record<string, unknown>): HeldPayment {
  return {
    id: asNumber(row.id),
    holdId: asNumber(row.hold_id),
    payerUserId: asNumber(row.payer_user_id),
    payeeUserId: asNumber(row.payee_user_id),
    amountMinor: asBigint(row.amount_minor),
    currency: row.currency as string,
    memo: row.memo as string | null,
    reasons: String(row.reasons).split(',').filter(Boolean),
    status: row.status as HeldStatus,
    spendingDay: row.spending_day as string,
    createdAt: asDate(row.created_at),
    expiresAt: asDate(row.expires_at),
    decidedAt: asDateOrNull(row.decided_at),
    decidedByTelegramId: asBigintOrNull(row.decided_by_telegram_id),
  }
}
