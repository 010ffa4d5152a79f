import type { Database } from '../db/database.js'
import { asNumber, type Tx } from '../db/port.js'
import { addMonths, formatMonth, localTime, monthRange, type Month } from './calendar.js'

/** A statement goes out at this hour on the 1st, in its reader's zone. */
export const DELIVERY_HOUR = 9

/**
 * The latest month whose statement is due at `now` in `timeZone`: last month from 09:00 on
 * the 1st, the month before that until then. A bot that was down on the 1st still sends
 * last month's when it comes back; it never goes further back.
 */
export function dueMonth(now: Date, timeZone: string): Month {
  const local = localTime(now, timeZone)
  const thisMonth = formatMonth(local.year, local.month)
  return addMonths(thisMonth, local.day === 1 && local.hour < DELIVERY_HOUR ? -2 : -1)
}

/**
 * Makes the delivery rows of every month now due, at most `limit` per call (the job calls
 * again until fewer come back): one per person who started the bot and has not opted out,
 * grouped by their zone. The unique (user, month) key makes a second run, or a second
 * instance, add nothing.
 */
export async function scheduleDue(db: Database, defaultTimeZone: string, limit: number): Promise<number> {
  return db.write(async (tx) => {
    const zones = await tx.all<{ zone: string }>(
      `SELECT DISTINCT COALESCE(time_zone, ?) AS zone FROM users WHERE started_at IS NOT NULL AND statements_enabled = TRUE`,
      defaultTimeZone,
    )
    let made = 0
    for (const { zone } of zones) {
      if (made >= limit) break
      const month = dueMonth(tx.now, zone)
      made += await scheduleZone(tx, defaultTimeZone, zone, month, monthRange(month, zone).to, limit - made)
    }
    return made
  })
}

/** `openedBefore`: the month's end; someone whose wallet opened later has nothing in it. */
function scheduleZone(tx: Tx, defaultTimeZone: string, zone: string, month: Month, openedBefore: Date, limit: number): Promise<number> {
  return tx.run(
    `INSERT INTO statement_deliveries (user_id, month, status, attempts, next_attempt_at, created_at)
     SELECT u.id, ?, 'pending', 0, ?, ? FROM users u
     WHERE u.started_at IS NOT NULL AND u.statements_enabled = TRUE AND COALESCE(u.time_zone, ?) = ? AND u.created_at < ?
       AND NOT EXISTS (SELECT 1 FROM statement_deliveries d WHERE d.user_id = u.id AND d.month = ?)
     ORDER BY u.id LIMIT ?
     ON CONFLICT (user_id, month) DO NOTHING`,
    month,
    tx.now,
    tx.now,
    defaultTimeZone,
    zone,
    openedBefore,
    month,
    limit,
  )
}

export interface DueDelivery {
  id: number
  userId: number
  month: Month
  attempts: number
  /**
   * The lease this taker holds: its later updates name it, so a taker whose lease ran out
   * changes nothing. Renewed when the send begins.
   */
  leaseUntil: Date
}

/**
 * Takes up to `limit` deliveries that are due, for `leaseMs`. First, a delivery whose sender
 * died between "sending" and "sent" is marked unconfirmed and never sent again: Telegram may
 * have shown it, and a statement cannot be taken back (its reader can still ask for it with
 * /statement). Only the one in flight is affected; the rest of a dead sender's batch stayed
 * pending and is taken again once its lease runs out.
 */
export function takeDueDeliveries(db: Database, limit: number, leaseMs: number): Promise<DueDelivery[]> {
  return db.write(async (tx) => {
    await tx.run(`UPDATE statement_deliveries SET status = 'unconfirmed', lease_until = NULL WHERE status = 'sending' AND lease_until <= ?`, tx.now)
    const rows = await tx.all<Record<string, unknown>>(
      `SELECT id, user_id, month, attempts FROM statement_deliveries
       WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
       ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
      tx.now,
      tx.now,
      limit,
    )
    const leaseUntil = new Date(tx.now.getTime() + leaseMs)
    const taken: DueDelivery[] = []
    for (const row of rows) {
      const changed = await tx.run(`UPDATE statement_deliveries SET lease_until = ? WHERE id = ? AND status = 'pending'`, leaseUntil, row.id as number)
      if (changed === 1) taken.push({ id: asNumber(row.id), userId: asNumber(row.user_id), month: row.month as string, attempts: asNumber(row.attempts), leaseUntil })
    }
    return taken
  })
}

/**
 * Right before the call to Telegram: false if this taker no longer holds the delivery. The
 * lease starts again here, so a batch that took long to reach this one does not see it swept
 * to unconfirmed while its photo is on the way.
 */
export async function markSending(db: Database, delivery: DueDelivery, leaseMs: number): Promise<boolean> {
  return db.write(async (tx) => {
    const renewed = new Date(tx.now.getTime() + leaseMs)
    const changed = await tx.run(
      `UPDATE statement_deliveries SET status = 'sending', lease_until = ? WHERE id = ? AND status = 'pending' AND lease_until = ?`,
      renewed,
      delivery.id,
      delivery.leaseUntil,
    )
    if (changed === 1) delivery.leaseUntil = renewed
    return changed === 1
  })
}

export type DeliveryResult =
  | { result: 'sent' }
  /** No activity and no balance: nothing worth a message. */
  | { result: 'empty' }
  /** The person turned monthly statements off after the row was made. */
  | { result: 'off' }
  /** 403: the person blocked the bot. */
  | { result: 'blocked'; reason: string }
  /** The sender could not tell whether Telegram showed it (a network error, a 5xx): never resent. */
  | { result: 'unconfirmed'; reason: string }
  /**
   * Try again at `retryAt`, up to `maxAttempts` tries; `refused`: Telegram turned the call
   * away unseen (a 429), which is not counted as a try.
   */
  | { result: 'retry'; reason: string; retryAt: Date; maxAttempts: number; refused?: boolean }

const FINAL_STATUS = { sent: 'sent', empty: 'empty', off: 'off', blocked: 'blocked', unconfirmed: 'unconfirmed' } as const

/**
 * Records how a delivery went, if this taker still holds it. "Sent" need not wait for the
 * disk: lost in a crash, the row stays "sending" and becomes unconfirmed, which is never sent
 * again; so it saves a sync per statement without ever risking a second one.
 */
export async function settleDelivery(db: Database, delivery: DueDelivery, outcome: DeliveryResult): Promise<void> {
  const durable = outcome.result !== 'sent'
  await db.write(async (tx) => {
    const mine = `id = ? AND status IN ('pending', 'sending') AND lease_until = ?`
    if (outcome.result === 'retry') {
      await tx.run(
        `UPDATE statement_deliveries SET last_error = ?, next_attempt_at = ?, lease_until = NULL, attempts = attempts + ?,
           status = CASE WHEN attempts + ? >= ? THEN 'failed' ELSE 'pending' END
         WHERE ${mine}`,
        outcome.reason,
        outcome.retryAt,
        outcome.refused ? 0 : 1,
        outcome.refused ? 0 : 1,
        outcome.maxAttempts,
        delivery.id,
        delivery.leaseUntil,
      )
      return
    }
    const reason = outcome.result === 'blocked' || outcome.result === 'unconfirmed' ? outcome.reason : null
    await tx.run(
      `UPDATE statement_deliveries SET status = ?, last_error = ?, sent_at = ?, lease_until = NULL WHERE ${mine}`,
      FINAL_STATUS[outcome.result],
      reason,
      outcome.result === 'sent' ? tx.now : null,
      delivery.id,
      delivery.leaseUntil,
    )
  }, { durable })
}

/** Gives back deliveries taken but not tried (the sender paused on a 429), due again at `at`. */
export async function releaseDeliveries(db: Database, deliveries: DueDelivery[], at: Date): Promise<void> {
  if (deliveries.length === 0) return
  await db.write(async (tx) => {
    for (const delivery of deliveries) {
      await tx.run(`UPDATE statement_deliveries SET lease_until = NULL, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND lease_until = ?`, at, delivery.id, delivery.leaseUntil)
    }
  })
}
