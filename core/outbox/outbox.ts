import type { Database } from '../db/database.js'
import { asNumber, type Tx } from '../db/port.js'

/**
 * What happened, for someone who must hear of it after the commit. The core records facts
 * (amounts as minor-unit strings beside their currency, people by wallet id); the edge that
 * delivers them words them in the reader's language when it sends.
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
export async function enqueue(tx: Tx, event: OutboxEvent): Promise<void> {
  await tx.run(
    `INSERT INTO outbox (dedupe_key, type, user_id, data, status, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    event.dedupeKey,
    event.type,
    event.userId,
    JSON.stringify(event.data),
    tx.now,
    tx.now,
  )
}

const COLUMNS = 'id, dedupe_key, type, user_id, data, attempts'

/**
 * Takes up to `limit` messages that are due, for `leaseMs`: until then no other dispatcher
 * (another instance, a second loop) takes them. A dispatcher that dies mid-delivery loses
 * its lease, and the message goes out again later: delivery is at least once.
 */
export function takeDue(db: Database, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
  return db.write(async (tx) => {
    const due = await tx.all<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM outbox
       WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
       ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
      tx.now,
      tx.now,
      limit,
    )
    return lease(tx, due, leaseMs)
  })
}

/**
 * Takes these events' messages, if they are still waiting: what the instance that just
 * committed a payment uses to send its receipt at once (the leader's rounds pick up whatever
 * it could not).
 */
export function takeByKeys(db: Database, dedupeKeys: string[], leaseMs: number): Promise<OutboxMessage[]> {
  if (dedupeKeys.length === 0) return Promise.resolve([])
  return db.write(async (tx) => {
    const rows: Record<string, unknown>[] = []
    for (const key of dedupeKeys) {
      const row = await tx.get<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM outbox WHERE dedupe_key = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until <= ?) FOR UPDATE SKIP LOCKED`,
        key,
        tx.now,
      )
      if (row) rows.push(row)
    }
    return lease(tx, rows, leaseMs)
  })
}

async function lease(tx: Tx, rows: Record<string, unknown>[], leaseMs: number): Promise<OutboxMessage[]> {
  const until = new Date(tx.now.getTime() + leaseMs)
  const taken: OutboxMessage[] = []
  for (const row of rows) {
    if ((await tx.run(`UPDATE outbox SET lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until <= ?)`, until, row.id as number, tx.now)) !== 1) continue
    taken.push({
      id: asNumber(row.id),
      dedupeKey: row.dedupe_key as string,
      type: row.type as string,
      userId: asNumber(row.user_id),
      data: JSON.parse(row.data as string) as OutboxEvent['data'],
      attempts: asNumber(row.attempts),
    })
  }
  return taken
}

export type DeliveryOutcome =
  | { id: number; result: 'sent' }
  /** The person cannot be reached (never started the bot, blocked it): not retried. */
  | { id: number; result: 'skipped'; reason: string }
  /** Try again at `retryAt`; after `maxAttempts` tries it is given up as failed. */
  | { id: number; result: 'retry'; reason: string; retryAt: Date; maxAttempts: number }

/** Records how a batch of deliveries went, in one unit of work. */
export async function settle(db: Database, outcomes: DeliveryOutcome[]): Promise<void> {
  if (outcomes.length === 0) return
  await db.write(async (tx) => {
    for (const outcome of outcomes) {
      if (outcome.result === 'sent') {
        await tx.run(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL WHERE id = ?`, tx.now, outcome.id)
      } else if (outcome.result === 'skipped') {
        await tx.run(`UPDATE outbox SET status = 'skipped', last_error = ?, attempts = attempts + 1, lease_until = NULL WHERE id = ?`, outcome.reason, outcome.id)
      } else {
        await tx.run(
          `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = NULL,
             status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE 'pending' END
           WHERE id = ?`,
          outcome.reason,
          outcome.retryAt,
          outcome.maxAttempts,
          outcome.id,
        )
      }
    }
  })
}
