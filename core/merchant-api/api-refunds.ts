import type { Database } from '../db/database.js'
import { RetryUnit } from '../db/port.js'
import { DomainError } from '../errors.js'
import { newToken } from '../common/tokens.js'
import { merchantById } from '../merchants/merchants.js'
import type { MerchantOrder } from '../merchants/orders.js'
import { assertFits, completeRefund, refundableOrder, refundedMinor, toRefund, type MerchantRefund } from '../merchants/refunds.js'
import type { WalletConfig } from '../wallet/config.js'
import { merchantOrder } from './api-orders.js'

/*
 * Refunds a shop's server asks for (申请退款): all or part of a paid order, within the refund
 * window, never more than is left of it; done at once, from the merchant's takings. The
 * shop's refund number (out_refund_no) makes the request idempotent: asked again with the
 * same fields, the same refund comes back; with other fields it is refused.
 */

export const REASON_MAX = 80

export interface ApiRefundRequest {
  merchantId: number
  order: { outTradeNo: string } | { orderId: number }
  outRefundNo: string
  reason: string | null
  notifyUrl: string | null
  amountMinor: bigint
  /** The order's amount as the shop knows it: refused when it is not the order's. */
  totalMinor: bigint
  currency: string
  requestHash: string
}

export interface ApiRefundView {
  refund: MerchantRefund
  order: MerchantOrder
}

export function createApiRefund(db: Database, config: WalletConfig, request: ApiRefundRequest): Promise<ApiRefundView> {
  return db.write(async (tx) => {
    // The order's lock first: a repeat of this refund that raced it waits here, then finds it below.
    const order = await merchantOrder(tx, request.merchantId, request.order, { lock: true })
    const earlier = await tx.get<Record<string, unknown>>('SELECT * FROM merchant_refunds WHERE merchant_id = ? AND out_refund_no = ?', request.merchantId, request.outRefundNo)
    if (earlier) {
      const refund = toRefund(earlier)
      if (refund.api!.requestHash !== request.requestHash) throw new DomainError('OUT_REFUND_NO_USED')
      return { refund, order: refund.orderId === order.id ? order : await merchantOrder(tx, request.merchantId, { orderId: refund.orderId }) }
    }
    const merchant = await merchantById(tx, request.merchantId)
    await refundableOrder(tx, config, merchant, order.id)
    if (request.totalMinor !== order.amountMinor || request.currency !== order.currency) throw new DomainError('REFUND_TOTAL_MISMATCH')
    assertFits(request.amountMinor, order.amountMinor - (await refundedMinor(tx, order.id)), order.currency)
    const row = await tx.get<Record<string, unknown>>(
      `INSERT INTO merchant_refunds (token, order_id, amount_minor, currency, status, created_at, merchant_id, out_refund_no, reason, notify_url, request_hash)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?) ON CONFLICT (merchant_id, out_refund_no) DO NOTHING RETURNING *`,
      newToken(),
      order.id,
      request.amountMinor,
      order.currency,
      tx.now,
      request.merchantId,
      request.outRefundNo,
      request.reason,
      request.notifyUrl,
      request.requestHash,
    )
    if (!row) throw new RetryUnit(`refund ${request.outRefundNo} was asked for twice at once`)
    const refund = toRefund(row)
    await completeRefund(tx, merchant, order, refund)
    return { refund: { ...refund, status: 'done', doneAt: tx.now }, order }
  })
}

/**
 * A refund of this merchant, by the shop's refund number or by our id (a notification names it
 * so: refunds done in the bot have no shop number).
 */
export function findApiRefund(db: Database, merchantId: number, by: { outRefundNo: string } | { refundId: number }): Promise<ApiRefundView> {
  return db.read(async (tx) => {
    const row =
      'outRefundNo' in by
        ? await tx.get<Record<string, unknown>>('SELECT * FROM merchant_refunds WHERE merchant_id = ? AND out_refund_no = ?', merchantId, by.outRefundNo)
        : await tx.get<Record<string, unknown>>('SELECT r.* FROM merchant_refunds r JOIN merchant_orders o ON o.id = r.order_id WHERE r.id = ? AND o.merchant_id = ?', by.refundId, merchantId)
    if (!row) throw new DomainError('REFUND_NOT_FOUND')
    const refund = toRefund(row)
    return { refund, order: await merchantOrder(tx, merchantId, { orderId: refund.orderId }) }
  })
}
