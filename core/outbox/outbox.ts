import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'

/**
 * What happened, for someone who must hear of it after the commit. The core records facts
 * (amounts as minor-unit strings beside their currency); the edge that delivers them words
 * them in the reader's language when it sends.
 */
export interface OutboxEvent {
  /** One message per business event: the same event written twice is kept once. */
  dedupeKey: string
  type: string
  userId: number
  data: Record<string, string | number | null>
}

export interface OutboxMessage extends OutboxEvent {
  id: number
  attempts: number
}

/** Writes the event in the caller's unit of work, so it commits (or not) with the money. */
export function enqueue(tx: WriteTx, event: OutboxEvent): void {
  tx.run(
    `INSERT INTO outbox (dedupe_key, type, user_id, data, status, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    event.dedupeKey,
    event.type,
    event.userId,
    JSON.stringify(event.data),
    tx.now.getTime(),
    tx.now.getTime(),
  )
}

/**
 * Takes up to `limit` messages that are due, for `leaseMs`: until then no other dispatcher
 * (another instance, a second loop) takes them. A dispatcher that dies mid-delivery loses
 * its lease, and the message goes out again later: delivery is at least once.
 */
export function takeDue(db: Database, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
  return db.writer.run((tx) => {
    const now = tx.now.getTime()
    const due = tx.all<{ id: bigint; dedupe_key: string; type: string; user_id: bigint; data: string; attempts: bigint }>(
      `SELECT id, dedupe_key, type, user_id, data, attempts FROM outbox
       WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
       ORDER BY id LIMIT ?`,
      now,
      now,
      limit,
    )
    return due
      .filter(
        (row) => tx.run(`UPDATE outbox SET lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until <= ?)`, now + leaseMs, row.id, now).changes === 1,
      )
      .map((row) => ({
        id: Number(row.id),
        dedupeKey: row.dedupe_key,
        type: row.type,
        userId: Number(row.user_id),
        data: JSON.parse(row.data) as OutboxEvent['data'],
        attempts: Number(row.attempts),
      }))
  })
}

export type DeliveryOutcome =
  | { id: number; result: 'sent' }
  /** The person cannot be reached (never started the bot, blocked it): not retried. */
  | { id: number; result: 'skipped'; reason: string }
  /** Try again at `retryAt`; after `maxAttempts` tries it is given up as failed. */
  | { id: number; result: 'retry'; reason: string; retryAt: Date; maxAttempts: number }

/** Records how a batch of deliveries went, in one unit of work. */
export function settle(db: Database, outcomes: DeliveryOutcome[]): Promise<void> {
  if (outcomes.length === 0) return Promise.resolve()
  return db.writer.run((tx) => {
    for (const outcome of outcomes) {
      if (outcome.result === 'sent') {
        tx.run(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL WHERE id = ?`, tx.now.getTime(), outcome.id)
      } else if (outcome.result === 'skipped') {
        tx.run(`UPDATE outbox SET status = 'skipped', last_error = ?, attempts = attempts + 1, lease_until = NULL WHERE id = ?`, outcome.reason, outcome.id)
      } else {
        tx.run(
          `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = NULL,
             status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE 'pending' END
           WHERE id = ?`,
          outcome.reason,
          outcome.retryAt.getTime(),
          outcome.maxAttempts,
          outcome.id,
        )
      }
    }
  })
}
