import type { MerchantOrder } from '../../../core/merchants/orders.js'
import type { MerchantRefund } from '../../../core/merchants/refunds.js'

/*
 * WeChat Pay's identifiers and times as shops' code expects them: 28-digit transaction and
 * refund ids (a prefix, the day, our row id), RFC 3339 times in China Standard Time.
 */

const CST_OFFSET_MS = 8 * 60 * 60_000

/** `2026-12-03T17:05:09+08:00`: WeChat Pay's times are in China Standard Time (no daylight saving). */
export function rfc3339(at: Date): string {
  return `${new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}

/** A time_expire as shops send it: RFC 3339 with an offset; undefined when it is not one. */
export function parseRfc3339(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(text)) return undefined
  const at = new Date(text)
  return Number.isNaN(at.getTime()) ? undefined : at
}

const day = (at: Date) => rfc3339(at).slice(0, 10).replaceAll('-', '')
const numbered = (prefix: string, at: Date, id: number) => `${prefix}${day(at)}${String(id).padStart(18, '0')}`

export const transactionIdOf = (order: MerchantOrder) => numbered('42', order.createdAt, order.id)
export const refundIdOf = (refund: MerchantRefund) => numbered('50', refund.createdAt, refund.id)

/** The order id inside a transaction id (checked against the order by the caller: transactionIdOf must give it back). */
export function orderIdInTransactionId(transactionId: string): number | undefined {
  const match = /^42\d{8}(\d{18})$/.exec(transactionId)
  const id = match ? Number(match[1]) : NaN
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** The refund id inside a refund_id-shaped number (a bot refund's out_refund_no); checked by the caller like a transaction id. */
export function refundIdInRefundNo(refundNo: string): number | undefined {
  const match = /^50\d{8}(\d{18})$/.exec(refundNo)
  const id = match ? Number(match[1]) : NaN
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** A notification's id: stable across its retries, so the shop can recognise a repeat. */
export const notificationIdOf = (notificationId: number, createdAt: Date) => `EV-${numbered('', createdAt, notificationId)}`
