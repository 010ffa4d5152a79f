import type { Database } from '../db/database.js'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Telegram delivers updates at least once: after a restart it re-sends whatever the last
 * process had not confirmed. This remembers which update ids were handled, so a repeat is
 * dropped before it answers twice.
 *
 * Money never relies on it — every payment has its own idempotency key — so it is kept off
 * the hot path: ids are checked in memory and written to the database in the background,
 * once a second in one transaction (one fsync), not one durable write per update. A crash can
 * forget the last second's ids; those updates are then handled again, which their business
 * keys make harmless. On start, the ids of the last day are loaded back.
 */
export class ProcessedUpdates {
  readonly #recent = new Set<number>()
  #pending: number[] = []
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly db: Database,
    /** Told about a background write that failed; the ids stay remembered in memory. */
    private readonly onError: (error: unknown) => void,
    private readonly options: { flushEveryMs: number; remember: number } = { flushEveryMs: 1000, remember: 100_000 },
  ) {}

  /** Loads the ids handled in the last day (by this or an earlier process). */
  async load(): Promise<void> {
    const ids = await this.db.read((tx) =>
      tx.all<{ update_id: bigint }>(
        'SELECT update_id FROM processed_updates WHERE received_at > ? ORDER BY update_id DESC LIMIT ?',
        tx.now.getTime() - DAY_MS,
        this.options.remember,
      ),
    )
    for (const { update_id } of ids.reverse()) this.#remember(Number(update_id))
  }

  /** True the first time an update id is seen; false for a repeat. */
  firstTime(updateId: number): boolean {
    if (this.#recent.has(updateId)) return false
    this.#remember(updateId)
    this.#pending.push(updateId)
    this.#arm()
    return true
  }

  /**
   * Writes the ids seen since the last flush (also called on shutdown). When the write fails
   * (a full disk, another process's lock) the ids stay pending for the next flush.
   */
  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const ids = this.#pending
    this.#pending = []
    if (ids.length === 0) return
    try {
      await this.db.writer.run((tx) => {
        for (const id of ids) tx.run('INSERT INTO processed_updates (update_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING', id, tx.now.getTime())
      })
    } catch (error) {
      this.#pending = ids.concat(this.#pending)
      this.#arm()
      throw error
    }
  }

  #arm(): void {
    this.#timer ??= setTimeout(() => this.flush().catch(this.onError), this.options.flushEveryMs).unref()
  }

  #remember(updateId: number): void {
    this.#recent.add(updateId)
    if (this.#recent.size > this.options.remember) this.#recent.delete(this.#recent.values().next().value!)
  }
}

/** Forgets update ids older than `keepMs`; Telegram never redelivers after a day. */
export function forgetProcessedUpdates(db: Database, keepMs: number): Promise<number> {
  return db.writer.run((tx) => tx.run('DELETE FROM processed_updates WHERE received_at < ?', tx.now.getTime() - keepMs).changes)
}
