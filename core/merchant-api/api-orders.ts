import type { Database } from '../db/database.js'
import { RetryUnit, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { insertOrder, orderById, type MerchantOrder } from '../merchants/orders.js'
import { refundedMinor } from '../merchants/refunds.js'
import type { WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount } from '../wallet/payment-guards.js'

/*
 * Orders a shop's server makes through the merchant API (Native payments): the same orders
 * `/charge` makes — the buyer pays them in the bot, through the authorization step — with the
 * shop's own order number (out_trade_no), unique per merchant. Asking again with the same
 * number and the same fields gives the same order back; with other fields it is refused.
 */

/** How long an API order can be paid when the shop gives no time_expire (WeChat Pay's default). */
export const API_ORDER_TTL_MS = 2 * 60 * 60_000
/** The latest time_expire accepted. */
export const API_ORDER_MAX_TTL_MS = 7 * 24 * 60 * 60_000
export const DESCRIPTION_MAX = 127
export const ATTACH_MAX = 128

export interface ApiOrderRequest {
  merchantId: number
  outTradeNo: string
  description: string
  amountMinor: bigint
  currency: string
  notifyUrl: string
  attach: string | null
  expiresAt: Date | null
  /** A hash of the request's fields, made by the edge: what "the same request" means. */
  requestHash: string
}

export interface ApiOrderView {
  order: MerchantOrder
  /** What its done refunds add up to. */
  refundedMinor: bigint
}

/** Creates the order (or finds the same one made before); `created` says which. */
export function createApiOrder(db: Database, config: WalletConfig, request: ApiOrderRequest): Promise<{ order: MerchantOrder; created: boolean }> {
  assertPaymentAmount(config, request.amountMinor)
  if (request.currency !== config.currency) throw new DomainError('CURRENCY_MISMATCH')
  return db.write(async (tx) => {
    const expiresAt = request.expiresAt ?? new Date(tx.now.getTime() + API_ORDER_TTL_MS)
    if (expiresAt.getTime() <= tx.now.getTime() || expiresAt.getTime() > tx.now.getTime() + API_ORDER_MAX_TTL_MS) throw new DomainError('ORDER_EXPIRY_INVALID')
    const api = { outTradeNo: request.outTradeNo, notifyUrl: request.notifyUrl, attach: request.attach, requestHash: request.requestHash }
    const order = await insertOrder(tx, { merchantId: request.merchantId, amountMinor: request.amountMinor, currency: request.currency, description: request.description, source: 'api', payerUserId: null, expiresAt, api })
    if (order) return { order, created: true }
    const earlier = await merchantOrder(tx, request.merchantId, { outTradeNo: request.outTradeNo })
    if (earlier.api!.requestHash !== request.requestHash) throw new DomainError('OUT_TRADE_NO_USED')
    return { order: earlier, created: false }
  })
}

/** An order of this merchant by the shop's number, or by our order id (from a transaction_id). */
export function findApiOrder(db: Database, merchantId: number, by: { outTradeNo: string } | { orderId: number }): Promise<ApiOrderView> {
  return db.read(async (tx) => {
    const order = await merchantOrder(tx, merchantId, by)
    return { order, refundedMinor: await refundedMinor(tx, order.id) }
  })
}

/**
 * Closes an unpaid order (关闭订单): a payment after it is refused. A closed or expired order
 * closes again harmlessly; a paid one cannot be closed.
 */
export function closeApiOrder(db: Database, merchantId: number, outTradeNo: string): Promise<void> {
  return db.write(async (tx) => {
    const order = await merchantOrder(tx, merchantId, { outTradeNo }, { lock: true })
    if (order.status === 'paid') throw new DomainError('ORDER_PAID')
    if (order.status !== 'open') return
    if ((await tx.run(`UPDATE merchant_orders SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`, tx.now, order.id)) !== 1) throw new RetryUnit(`order ${order.id} changed while closing`)
  })
}

/** An order of this merchant (another merchant's is as good as none), locked for the rest of the unit with `lock`. */
export async function merchantOrder(tx: Tx, merchantId: number, by: { outTradeNo: string } | { orderId: number }, { lock = false } = {}): Promise<MerchantOrder> {
  const row =
    'outTradeNo' in by
      ? await tx.get<{ id: unknown }>('SELECT id FROM merchant_orders WHERE merchant_id = ? AND out_trade_no = ?', merchantId, by.outTradeNo)
      : await tx.get<{ id: unknown }>(`SELECT id FROM merchant_orders WHERE merchant_id = ? AND id = ? AND source = 'api'`, merchantId, by.orderId)
  if (!row) throw new DomainError('ORDER_NOT_FOUND')
  return orderById(tx, Number(row.id), { lock })
}

