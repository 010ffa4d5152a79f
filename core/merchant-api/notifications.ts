import type { Database } from '../db/database.js'
import { asDate, asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { enqueue } from '../outbox/outbox.js'
import { ownMerchant } from '../merchants/merchants.js'

/*
 * Notifications to a shop's server (支付通知 / 退款通知): written in the unit of work that
 * moved the money, delivered after it by the leader's dispatcher, at least once, on WeChat
 * Pay's retry schedule (15 s … 6 h, about a day in all). One order's notifications go out
 * in the order they were written: a refund's never overtakes its payment's.
 */

export type NotificationEvent = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS'

export interface ShopNotification {
  id: number
  merchantId: number
  orderId: number
  /** For REFUND.SUCCESS: which refund. */
  refundId: number | null
  eventType: NotificationEvent
  notifyUrl: string
  attempts: number
  createdAt: Date
}

/** Waits after each failed attempt (WeChat Pay's: 15 s, 15 s, 30 s, 3 min … 6 h, 24 h 4 min in all). */
export const RETRY_SCHEDULE_MS = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600].map((seconds) => seconds * 1000)
/** Each wait is stretched or shortened by up to this share, so shops that failed together are not retried together. */
export const RETRY_JITTER = 0.1

/** Writes a notification in the caller's unit of work (once per event: `dedupeKey`). */
export async function notifyShop(tx: Tx, event: { dedupeKey: string; merchantId: number; orderId: number; refundId?: number; eventType: NotificationEvent; notifyUrl: string }): Promise<void> {
  await tx.run(
    `INSERT INTO merchant_notifications (dedupe_key, merchant_id, order_id, event_type, notify_url, resource, status, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    event.dedupeKey,
    event.merchantId,
    event.orderId,
    event.eventType,
    event.notifyUrl,
    JSON.stringify({ refundId: event.refundId ?? null }),
    tx.now,
    tx.now,
  )
}

/**
 * Takes up to `limit` due notifications for `leaseMs` (another dispatcher skips them until
 * then), never one whose order still has an earlier one waiting.
 */
export function takeDueNotifications(db: Database, limit: number, leaseMs: number): Promise<ShopNotification[]> {
  return db.write(async (tx) => {
    const rows = await tx.all<Record<string, unknown>>(
      `SELECT * FROM merchant_notifications n
       WHERE n.status = 'pending' AND n.next_attempt_at <= ? AND (n.lease_until IS NULL OR n.lease_until <= ?)
         AND NOT EXISTS (SELECT 1 FROM merchant_notifications e WHERE e.order_id = n.order_id AND e.id < n.id AND e.status = 'pending')
       ORDER BY n.id LIMIT ? FOR UPDATE SKIP LOCKED`,
      tx.now,
      tx.now,
      limit,
    )
    const until = new Date(tx.now.getTime() + leaseMs)
    const taken: ShopNotification[] = []
    for (const row of rows) {
      if ((await tx.run('UPDATE merchant_notifications SET lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until <= ?)', until, row.id as number, tx.now)) === 1) taken.push(toNotification(row))
    }
    return taken
  })
}

export type NotificationOutcome = { id: number; delivered: true } | { id: number; delivered: false; reason: string; jitter: number }

/**
 * Records how attempts went. A failure waits its turn in the schedule (`jitter` in [-1, 1]
 * picks where in ± RETRY_JITTER); after the last it is given up, and the merchant's owner
 * hears of it in Telegram (they can send it again).
 */
export function settleNotifications(db: Database, outcomes: NotificationOutcome[]): Promise<void> {
  if (outcomes.length === 0) return Promise.resolve()
  return db.write(async (tx) => {
    for (const outcome of outcomes) {
      if (outcome.delivered) {
        await tx.run(`UPDATE merchant_notifications SET status = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL, last_error = NULL WHERE id = ? AND status = 'pending'`, tx.now, outcome.id)
        continue
      }
      // Another dispatcher may have delivered it meanwhile (this one's lease ran out): its outcome stands.
      const row = await tx.get<Record<string, unknown>>(`SELECT * FROM merchant_notifications WHERE id = ? AND status = 'pending'`, outcome.id)
      if (!row) continue
      const notification = toNotification(row)
      const wait = RETRY_SCHEDULE_MS[notification.attempts]
      const reason = outcome.reason.slice(0, 500)
      if (wait === undefined) {
        await tx.run(`UPDATE merchant_notifications SET status = 'failed', attempts = attempts + 1, last_error = ?, lease_until = NULL WHERE id = ?`, reason, outcome.id)
        await tellOwner(tx, notification)
      } else {
        const retryAt = new Date(tx.now.getTime() + Math.round(wait * (1 + RETRY_JITTER * Math.max(-1, Math.min(1, outcome.jitter)))))
        await tx.run('UPDATE merchant_notifications SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ?', reason, retryAt, outcome.id)
      }
    }
  })
}

/** The owner sends a given-up notification again: it starts over at the beginning of the schedule. `resent` is false when it had not been given up. */
export function resendNotification(db: Database, ownerUserId: number, notificationId: number): Promise<{ notification: ShopNotification; resent: boolean }> {
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, ownerUserId)
    const row = await tx.get<Record<string, unknown>>('SELECT * FROM merchant_notifications WHERE id = ? AND merchant_id = ?', notificationId, merchant.id)
    if (!row) throw new DomainError('NOTIFICATION_NOT_FOUND')
    const resent = await tx.run(`UPDATE merchant_notifications SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL WHERE id = ? AND status = 'failed'`, tx.now, notificationId)
    return { notification: toNotification(row), resent: resent === 1 }
  })
}

async function tellOwner(tx: Tx, notification: ShopNotification): Promise<void> {
  const owner = await tx.get<{ owner_user_id: unknown }>('SELECT owner_user_id FROM merchants WHERE id = ?', notification.merchantId)
  await enqueue(tx, {
    dedupeKey: `shop-notification-failed:${notification.id}:${tx.now.getTime()}`, // each give-up (after a resend too) is told
    type: 'shop_notification_failed',
    userId: asNumber(owner!.owner_user_id),
    data: { notificationId: notification.id, orderId: notification.orderId, eventType: notification.eventType, notifyUrl: notification.notifyUrl },
  })
}

function toNotification(row: Record<string, unknown>): ShopNotification {
  const facts = JSON.parse(row.resource as string) as { refundId: number | null }
  return {
    id: asNumber(row.id),
    merchantId: asNumber(row.merchant_id),
    orderId: asNumber(row.order_id),
    refundId: facts.refundId,
    eventType: row.event_type as NotificationEvent,
    notifyUrl: row.notify_url as string,
    attempts: asNumber(row.attempts),
    createdAt: asDate(row.created_at),
  }
}
