import type { Database } from '../db/database.js'
import { asBigint, asDate, asDateOrNull, asNumber, asNumberOrNull, RetryUnit, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { newToken } from '../common/tokens.js'
import { applyPosting, claimKey } from '../ledger/posting.js'
import { enqueue } from '../outbox/outbox.js'
import { notifyShop } from '../merchant-api/notifications.js'
import { authorizeDebit } from '../security/authorize.js'
import { entryTargets } from '../security/password-entry.js'
import { assertAffordableInTx, balanceInTx } from '../wallet/balance.js'
import type { SecurityRules, WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount, normalizeMemo } from '../wallet/payment-guards.js'
import { userWalletAccountId } from '../wallet/transfer.js'
import { merchantById, ownMerchant, type Merchant } from './merchants.js'
import { staffOf } from './staff.js'

/*
 * Orders (订单): every payment to a merchant is one. A `/charge` order has its amount fixed by
 * the merchant and may be paid by anyone, once; an amount typed at the merchant's static code
 * becomes an order only its payer may pay. Paying, closing and expiring each move the order
 * out of `open` with one conditional update, inside the unit that does the rest (the money,
 * the notice), so exactly one of them wins.
 */

/** How long a `/charge` order can be paid. */
export const CHARGE_TTL_MS = 30 * 60_000
/** How long the order made from an amount typed at a static code can be paid (as a card). */
export const CODE_ORDER_TTL_MS = 10 * 60_000

export type OrderStatus = 'open' | 'paid' | 'closed' | 'expired'

export interface MerchantOrder {
  id: number
  token: string
  merchantId: number
  amountMinor: bigint
  currency: string
  description: string | null
  source: 'charge' | 'code' | 'api'
  status: OrderStatus
  payerUserId: number | null
  postingId: number | null
  expiresAt: Date
  createdAt: Date
  /** When it was paid, closed or expired. */
  closedAt: Date | null
  /** Set on orders a shop's server made through the merchant API. */
  api: ApiOrderFields | null
}

export interface ApiOrderFields {
  outTradeNo: string
  notifyUrl: string
  attach: string | null
  requestHash: string
}

/** `/charge <amount> [description]`: an order of the owner's merchant, payable by anyone for CHARGE_TTL_MS. */
export function createCharge(db: Database, config: WalletConfig, request: { ownerUserId: number; amountMinor: bigint; description?: string | null }): Promise<{ merchant: Merchant; order: MerchantOrder }> {
  assertPaymentAmount(config, request.amountMinor)
  const description = normalizeMemo(config, request.description)
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, request.ownerUserId)
    const order = await insertOrder(tx, { merchantId: merchant.id, amountMinor: request.amountMinor, currency: config.currency, description, source: 'charge', payerUserId: null, expiresAt: new Date(tx.now.getTime() + CHARGE_TTL_MS) })
    return { merchant, order: order! }
  })
}

/**
 * The order for an amount a payer typed at a merchant's static code: theirs alone to pay.
 * Refused now when the balance is already too low (checked again when paid).
 */
export async function createCodeOrder(tx: Tx, config: WalletConfig, request: { merchantId: number; payerUserId: number; amountMinor: bigint; description: string | null }): Promise<MerchantOrder> {
  assertPaymentAmount(config, request.amountMinor)
  const merchant = await merchantById(tx, request.merchantId)
  if (merchant.ownerUserId === request.payerUserId) throw new DomainError('MERCHANT_OWN')
  await assertAffordableInTx(tx, request.payerUserId, config.currency, request.amountMinor)
  return (await insertOrder(tx, { ...request, currency: config.currency, source: 'code', expiresAt: new Date(tx.now.getTime() + CODE_ORDER_TTL_MS) }))!
}

/** An order and its merchant as a payer (or the owner) sees it. */
export function getOrder(db: Database, token: string): Promise<{ order: MerchantOrder; merchant: Merchant }> {
  return db.read(async (tx) => {
    const order = await orderByToken(tx, token)
    return { order, merchant: await merchantById(tx, order.merchantId) }
  })
}

/** An order as its payer's card shows it, refused now when it could not be paid (paid, closed, expired, another payer's). */
export function payableOrder(db: Database, token: string, payerUserId: number): Promise<{ order: MerchantOrder; merchant: Merchant }> {
  return db.read(async (tx) => {
    const order = await orderByToken(tx, token)
    if (order.source === 'code' && order.payerUserId !== payerUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (order.status === 'paid') throw new DomainError('ORDER_PAID')
    assertPayable(tx, order)
    const merchant = await merchantById(tx, order.merchantId)
    if (merchant.ownerUserId === payerUserId) throw new DomainError('MERCHANT_OWN')
    return { order, merchant }
  })
}

export interface OrderPayment {
  order: MerchantOrder
  merchant: Merchant
  /** The payer's balance after paying (their own to see). */
  balanceAfterMinor: bigint
  /** This payer had paid it already (a second press): nothing moved now. */
  alreadyDone: boolean
  /** The outbox keys of the 收款到账 notices this payment wrote (the owner's, each cashier's). */
  notices: string[]
}

/**
 * Pays an order through the authorization step (above the free amounts, once the payer gave
 * the password for this order: entryTargets.order). The order's row is locked first, so two
 * payers (or a payer and a close) on two instances take turns and the second sees the first's
 * outcome. The merchant's owner and cashiers hear 收款到账 through the outbox.
 */
export function payOrder(db: Database, rules: SecurityRules, token: string, payer: { userId: number; telegramId: bigint }): Promise<OrderPayment> {
  return db.write(async (tx) => {
    const order = await orderByToken(tx, token, { lock: true })
    const merchant = await merchantById(tx, order.merchantId)
    if (order.source === 'code' && order.payerUserId !== payer.userId) throw new DomainError('NOT_YOUR_BUTTON')
    if (order.status === 'paid') {
      if (order.payerUserId !== payer.userId) throw new DomainError('ORDER_PAID')
      return { order, merchant, balanceAfterMinor: await balanceInTx(tx, payer.userId, order.currency), alreadyDone: true, notices: [] }
    }
    assertPayable(tx, order)
    if (merchant.ownerUserId === payer.userId) throw new DomainError('MERCHANT_OWN')
    const payerAccountId = await userWalletAccountId(tx, payer.userId, order.currency)
    const request = {
      idempotencyKey: idempotencyKeys.order(order.token),
      kind: 'merchant_payment',
      memo: order.description,
      actorTelegramId: payer.telegramId,
      transfers: [{ debitAccountId: payerAccountId, creditAccountId: merchant.accountId, amountMinor: order.amountMinor, currency: order.currency }],
    }
    const claimed = await claimKey(tx, request)
    // The key is the order's, and an open order has no posting: a replay here is a broken ledger.
    if ('replay' in claimed) throw new Error(`order ${order.id} is open but its posting exists`)
    const intent = { postingId: claimed.postingId, userId: payer.userId, amountMinor: order.amountMinor, currency: order.currency, flow: 'merchant' as const }
    // Not holdable (HOLDABLE_FLOWS): a shop's till waits on the answer.
    await authorizeDebit(tx, rules, { ...intent, target: entryTargets.order(order.token), payeeAccountId: merchant.accountId })
    const posting = await applyPosting(tx, claimed.postingId, request)
    await closeOrder(tx, order, 'paid', { payerUserId: payer.userId, postingId: posting.postingId })
    const notices = await announce(tx, merchant, order, payer.userId)
    const paid = { ...order, status: 'paid' as const, payerUserId: payer.userId, postingId: posting.postingId, closedAt: tx.now }
    if (paid.api) await notifyShop(tx, { dedupeKey: `transaction:${order.id}`, merchantId: merchant.id, orderId: order.id, eventType: 'TRANSACTION.SUCCESS', notifyUrl: paid.api.notifyUrl })
    return { order: paid, merchant, balanceAfterMinor: posting.transfers[0]!.debitBalanceAfterMinor, alreadyDone: false, notices }
  })
}

/** 收款到账 for the owner and every cashier, written with the money; their outbox keys. Nobody but the payer reads the payer's balance. */
async function announce(tx: Tx, merchant: Merchant, order: MerchantOrder, payerUserId: number): Promise<string[]> {
  const notices: string[] = []
  for (const userId of [merchant.ownerUserId, ...(await staffOf(tx, merchant.id))]) {
    const dedupeKey = noticeKeys.merchantPaid(order.id, userId)
    notices.push(dedupeKey)
    await enqueue(tx, {
      dedupeKey,
      type: 'merchant_payment_received',
      userId,
      data: { merchantName: merchant.name, payerUserId, amountMinor: order.amountMinor.toString(), currency: order.currency, description: order.description, orderId: order.id },
    })
  }
  return notices
}

/** The owner closes an open order (已关闭): a payment that comes after it is refused. Closing twice is harmless. */
export function closeMerchantOrder(db: Database, token: string, ownerUserId: number): Promise<MerchantOrder> {
  return db.write(async (tx) => {
    const order = await orderByToken(tx, token, { lock: true })
    const merchant = await merchantById(tx, order.merchantId)
    if (merchant.ownerUserId !== ownerUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (order.status === 'paid') throw new DomainError('ORDER_PAID')
    if (order.status !== 'open') return order
    await closeOrder(tx, order, 'closed')
    return { ...order, status: 'closed' }
  })
}

/** Marks open orders past their time as expired (已过期); returns how many. */
export function expireMerchantOrders(db: Database, limit = 100): Promise<number> {
  return db.write((tx) =>
    tx.run(
      `UPDATE merchant_orders SET status = 'expired', closed_at = ? WHERE id IN (SELECT id FROM merchant_orders WHERE status = 'open' AND expires_at <= ? ORDER BY id LIMIT ${Math.trunc(limit)})`,
      tx.now,
      tx.now,
    ),
  )
}

function assertPayable(tx: Tx, order: MerchantOrder): void {
  if (order.status === 'closed') throw new DomainError('ORDER_CLOSED')
  if (order.status === 'expired' || order.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('ORDER_EXPIRED')
}

/** Moves an open order to its end, or retries the unit if something else ended it first. */
async function closeOrder(tx: Tx, order: MerchantOrder, status: Exclude<OrderStatus, 'open'>, paid?: { payerUserId: number; postingId: number }): Promise<void> {
  const changed = await tx.run(
    `UPDATE merchant_orders SET status = ?, payer_user_id = COALESCE(?, payer_user_id), posting_id = ?, closed_at = ? WHERE id = ? AND status = 'open'`,
    status,
    paid?.payerUserId ?? null,
    paid?.postingId ?? null,
    tx.now,
    order.id,
  )
  if (changed !== 1) throw new RetryUnit(`order ${order.id} changed while it was being ${status}`)
}

/** A new open order; undefined when an API order of that merchant already has its `outTradeNo`. */
export async function insertOrder(
  tx: Tx,
  order: { merchantId: number; amountMinor: bigint; currency: string; description: string | null; source: MerchantOrder['source']; payerUserId: number | null; expiresAt: Date; api?: ApiOrderFields },
): Promise<MerchantOrder | undefined> {
  const row = await tx.get<Record<string, unknown>>(
    `INSERT INTO merchant_orders (token, merchant_id, amount_minor, currency, description, source, status, payer_user_id, expires_at, created_at, out_trade_no, notify_url, attach, request_hash)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (merchant_id, out_trade_no) DO NOTHING RETURNING *`,
    newToken(),
    order.merchantId,
    order.amountMinor,
    order.currency,
    order.description,
    order.source,
    order.payerUserId,
    order.expiresAt,
    tx.now,
    order.api?.outTradeNo ?? null,
    order.api?.notifyUrl ?? null,
    order.api?.attach ?? null,
    order.api?.requestHash ?? null,
  )
  return row && toOrder(row)
}

/** An order by its number (its id), locked for the rest of the unit with `lock`. */
export async function orderById(tx: Tx, orderId: number, { lock = false } = {}): Promise<MerchantOrder> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM merchant_orders WHERE id = ?${lock ? ' FOR UPDATE' : ''}`, orderId)
  if (!row) throw new DomainError('ORDER_NOT_FOUND')
  return toOrder(row)
}

async function orderByToken(tx: Tx, token: string, { lock = false } = {}): Promise<MerchantOrder> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM merchant_orders WHERE token = ?${lock ? ' FOR UPDATE' : ''}`, token)
  if (!row) throw new DomainError('ORDER_NOT_FOUND')
  return toOrder(row)
}

function toOrder(row: Record<string, unknown>): MerchantOrder {
  return {
    id: asNumber(row.id),
    token: row.token as string,
    merchantId: asNumber(row.merchant_id),
    amountMinor: asBigint(row.amount_minor),
    currency: row.currency as string,
    description: row.description as string | null,
    source: row.source as MerchantOrder['source'],
    status: row.status as OrderStatus,
    payerUserId: asNumberOrNull(row.payer_user_id),
    postingId: asNumberOrNull(row.posting_id),
    expiresAt: asDate(row.expires_at),
    createdAt: asDate(row.created_at),
    closedAt: asDateOrNull(row.closed_at),
    api: row.out_trade_no == null ? null : { outTradeNo: row.out_trade_no as string, notifyUrl: row.notify_url as string, attach: row.attach as string | null, requestHash: row.request_hash as string },
  }
}
