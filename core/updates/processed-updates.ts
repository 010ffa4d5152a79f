import type { Database } from '../db/database.js'

/**
 * Telegram delivers updates at least once (a restart re-fetches anything not yet confirmed).
 * Returns true the first time an update id is seen, false for a repeat. Money does not rely
 * on this alone — every payment also has its own idempotency key — but it keeps a repeated
 * update from answering twice.
 */
export function markUpdateProcessed(db: Database, updateId: number): Promise<boolean> {
  return db.writer.run(
    (tx) => tx.run('INSERT INTO processed_updates (update_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING', updateId, tx.now.getTime()).changes === 1,
  )
}

/** Forgets update ids older than `keepMs`; Telegram never redelivers after a day. */
export function forgetProcessedUpdates(db: Database, keepMs: number): Promise<number> {
  return db.writer.run((tx) => tx.run('DELETE FROM processed_updates WHERE received_at < ?', tx.now.getTime() - keepMs).changes)
}
