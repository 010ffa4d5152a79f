import type { Database } from '../db/database.js'
import { asBigint, asDate, asDateOrNull, asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { newToken } from '../common/tokens.js'
import { post } from '../ledger/posting.js'
import { enqueue } from '../outbox/outbox.js'
import { notifyShop } from '../merchant-api/notifications.js'
import { entryTargets, useVerifiedEntry } from '../security/password-entry.js'
import type { WalletConfig } from '../wallet/config.js'
import { userWalletAccountId } from '../wallet/transfer.js'
import { ownMerchant, type Merchant } from './merchants.js'
import { orderById, type MerchantOrder } from './orders.js'

/*
 * Refunds (退款): the merchant's owner gives back all or part of a paid order to its payer,
 * within REFUND_WINDOW_DAYS of the payment. Asked for on a card (a pending refund row, whose
 * token its Confirm carries), done once with the owner's payment password: the money moves
 * from the merchant's account in the same unit that marks the refund done, after checking
 * under the order's row lock that the order's done refunds still leave room for it.
 */

export interface MerchantRefund {
  id: number
  token: string
  orderId: number
  amountMinor: bigint
  currency: string
  status: 'pending' | 'done' | 'cancelled'
  createdAt: Date
  doneAt: Date | null
  /** Set on refunds a shop's server asked for through the merchant API. */
  api: { outRefundNo: string; reason: string | null; notifyUrl: string | null; requestHash: string } | null
}

export interface RefundRequest {
  refund: MerchantRefund
  order: MerchantOrder
  merchant: Merchant
  /** What the order can still give back, before this refund. */
  leftMinor: bigint
}

/**
 * A refund card for order no. `orderId` of the owner's merchant: `amountMinor`, or all that
 * is left of it when null. Refused when the order is not a paid one of this merchant, is past
 * the refund window, or has less left than asked.
 */
export function requestRefund(db: Database, config: WalletConfig, request: { ownerUserId: number; orderId: number; amountMinor: bigint | null }): Promise<RefundRequest> {
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, request.ownerUserId)
    const order = await refundableOrder(tx, config, merchant, request.orderId)
    const leftMinor = order.amountMinor - (await refundedMinor(tx, order.id))
    const amountMinor = request.amountMinor ?? leftMinor
    assertFits(amountMinor, leftMinor, order.currency)
    const row = await tx.get<Record<string, unknown>>(
      `INSERT INTO merchant_refunds (token, order_id, amount_minor, currency, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?) RETURNING *`,
      newToken(),
      order.id,
      amountMinor,
      order.currency,
      tx.now,
    )
    return { refund: toRefund(row!), order, merchant, leftMinor }
  })
}

/** A refund request as its card shows it (to say, on the keypad, what the password is for). */
export function getRefundRequest(db: Database, token: string, ownerUserId: number): Promise<RefundRequest> {
  return db.read(async (tx) => {
    const refund = await refundByToken(tx, token, { lock: false })
    const merchant = await ownMerchant(tx, ownerUserId)
    const order = await orderById(tx, refund.orderId)
    if (order.merchantId !== merchant.id) throw new DomainError('NOT_YOUR_BUTTON')
    return { refund, order, merchant, leftMinor: order.amountMinor - (await refundedMinor(tx, order.id)) }
  })
}

/**
 * Confirm on a refund card, once the owner gave the password for it (entryTargets.refund):
 * the money goes back to the payer, who is told. A second press gets the done refund back
 * with `alreadyDone`.
 */
export function confirmRefund(db: Database, config: WalletConfig, token: string, ownerUserId: number): Promise<RefundRequest & { alreadyDone: boolean }> {
  return db.write(async (tx) => {
    const refund = await refundByToken(tx, token)
    const merchant = await ownMerchant(tx, ownerUserId)
    const order = await orderById(tx, refund.orderId, { lock: true })
    if (order.merchantId !== merchant.id) throw new DomainError('NOT_YOUR_BUTTON')
    const leftMinor = order.amountMinor - (await refundedMinor(tx, order.id))
    if (refund.status === 'done') return { refund, order, merchant, leftMinor, alreadyDone: true }
    if (refund.status === 'cancelled') throw new DomainError('CARD_CANCELLED')
    await refundableOrder(tx, config, merchant, order.id)
    assertFits(refund.amountMinor, leftMinor, order.currency)
    const owner = await tx.get<{ password_hash: unknown }>('SELECT password_hash FROM users WHERE id = ?', ownerUserId)
    if (owner?.password_hash === null) throw new DomainError('PASSWORD_NOT_SET')
    if (!(await useVerifiedEntry(tx, ownerUserId, entryTargets.refund(token)))) throw new DomainError('PASSWORD_REQUIRED', {}, { ownerUserId })
    await completeRefund(tx, merchant, order, refund)
    return { refund: { ...refund, status: 'done', doneAt: tx.now }, order, merchant, leftMinor: leftMinor - refund.amountMinor, alreadyDone: false }
  })
}

/**
 * The money of a refund the caller checked (the order locked, its room, the window): from the
 * merchant's account — not the owner's wallet: takings already moved out cannot pay it — to
 * the payer, who is told; the refund marked done; and for an API order, its shop notified.
 */
export async function completeRefund(tx: Tx, merchant: Merchant, order: MerchantOrder, refund: MerchantRefund): Promise<void> {
  const held = await tx.get<{ balance_minor: unknown }>('SELECT balance_minor FROM accounts WHERE id = ?', merchant.accountId)
  if (asBigint(held?.balance_minor ?? 0) < refund.amountMinor) throw new DomainError('REFUND_ABOVE_TAKINGS', { heldMinor: String(held?.balance_minor ?? 0), currency: order.currency })
  const posting = await post(tx, {
    idempotencyKey: idempotencyKeys.refund(refund.token),
    kind: 'merchant_refund',
    memo: order.description,
    transfers: [{ debitAccountId: merchant.accountId, creditAccountId: await userWalletAccountId(tx, order.payerUserId!, order.currency), amountMinor: refund.amountMinor, currency: order.currency }],
  })
  await tx.run(`UPDATE merchant_refunds SET status = 'done', posting_id = ?, done_at = ? WHERE id = ? AND status = 'pending'`, posting.postingId, tx.now, refund.id)
  await enqueue(tx, {
    dedupeKey: noticeKeys.refunded(refund.id),
    type: 'merchant_refund',
    userId: order.payerUserId!,
    data: { merchantName: merchant.name, orderId: order.id, amountMinor: refund.amountMinor.toString(), currency: order.currency, balanceAfterMinor: posting.transfers[0]!.creditBalanceAfterMinor.toString() },
  })
  const notifyUrl = refund.api?.notifyUrl ?? order.api?.notifyUrl
  if (notifyUrl) await notifyShop(tx, { dedupeKey: `refund:${refund.id}`, merchantId: merchant.id, orderId: order.id, refundId: refund.id, eventType: 'REFUND.SUCCESS', notifyUrl })
}

/** Cancel on a refund card: a pending refund never happens. Harmless when done already (it stays done). */
export function cancelRefund(db: Database, token: string, ownerUserId: number): Promise<MerchantRefund> {
  return db.write(async (tx) => {
    const refund = await refundByToken(tx, token)
    const merchant = await ownMerchant(tx, ownerUserId)
    if ((await orderById(tx, refund.orderId)).merchantId !== merchant.id) throw new DomainError('NOT_YOUR_BUTTON')
    await tx.run(`UPDATE merchant_refunds SET status = 'cancelled' WHERE id = ? AND status = 'pending'`, refund.id)
    return refund.status === 'pending' ? { ...refund, status: 'cancelled' } : refund
  })
}

/** What the done refunds of an order add up to. */
export async function refundedMinor(tx: Tx, orderId: number): Promise<bigint> {
  const row = await tx.get<{ total: unknown }>(`SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS total FROM merchant_refunds WHERE order_id = ? AND status = 'done'`, orderId)
  return asBigint(row?.total ?? 0)
}

export async function refundableOrder(tx: Tx, config: WalletConfig, merchant: Merchant, orderId: number): Promise<MerchantOrder> {
  const order = await orderById(tx, orderId)
  if (order.merchantId !== merchant.id) throw new DomainError('ORDER_NOT_FOUND')
  if (order.status !== 'paid' || order.payerUserId === null) throw new DomainError('ORDER_NOT_PAID')
  if (tx.now.getTime() - order.closedAt!.getTime() > config.refundWindowMs) throw new DomainError('REFUND_WINDOW_PASSED', { days: Math.round(config.refundWindowMs / 86_400_000) })
  return order
}

export function assertFits(amountMinor: bigint, leftMinor: bigint, currency: string): void {
  if (amountMinor <= 0n) throw new DomainError(leftMinor > 0n ? 'AMOUNT_NOT_POSITIVE' : 'REFUND_NOTHING_LEFT')
  if (amountMinor > leftMinor) throw new DomainError('REFUND_TOO_LARGE', { leftMinor: leftMinor.toString(), currency })
}

async function refundByToken(tx: Tx, token: string, { lock = true } = {}): Promise<MerchantRefund> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM merchant_refunds WHERE token = ?${lock ? ' FOR UPDATE' : ''}`, token)
  if (!row) throw new DomainError('CARD_NOT_FOUND')
  return toRefund(row)
}

export function toRefund(row: Record<string, unknown>): MerchantRefund {
  return {
    id: asNumber(row.id),
    token: row.token as string,
    orderId: asNumber(row.order_id),
    amountMinor: asBigint(row.amount_minor),
    currency: row.currency as string,
    status: row.status as MerchantRefund['status'],
    createdAt: asDate(row.created_at),
    doneAt: asDateOrNull(row.done_at),
    api:
      row.out_refund_no == null
        ? null
        : { outRefundNo: row.out_refund_no as string, reason: row.reason as string | null, notifyUrl: row.notify_url as string | null, requestHash: row.request_hash as string },
  }
}

