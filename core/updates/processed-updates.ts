import type { Database } from '../db/database.js'
import type { SqlValue, Tx } from '../db/port.js'

/**
 * Telegram delivers updates at least once: after a restart it re-sends what the last process
 * had not confirmed, and behind a load balancer several instances may all receive one update.
 * This remembers which update ids were handled, so a repeat is dropped before it answers
 * twice. Money never relies on it — every payment has its own idempotency key — so a crash
 * that forgets the last moments' ids only makes those updates be handled again, harmlessly.
 *
 * How depends on the engine:
 *  - PostgreSQL (several instances): a unique insert in the database before the update is
 *    handled, so whichever instance inserts an id first handles it. The updates arriving in
 *    one turn of the event loop share one insert (a round trip each cost more than the
 *    /balance they guard), which skips the flush wait (not durable): losing it is harmless.
 *  - SQLite (one process owns the file): ids are checked in memory and written once a second
 *    in one transaction, loaded back at start. No update waits on a write, so another
 *    process holding the file's lock cannot stall a /balance.
 */
export class ProcessedUpdates {
  readonly #recent = new Set<number>()
  #pending: number[] = []
  #timer: ReturnType<typeof setTimeout> | undefined
  /** PostgreSQL: ids waiting for the next shared insert, with who is waiting on each. */
  #claims: Array<{ updateId: number; answer: (first: boolean) => void; fail: (error: unknown) => void }> = []

  constructor(
    private readonly db: Database,
    /** Told about a background write that failed; the ids stay pending for the next one. */
    private readonly onError: (error: unknown) => void = () => {},
    private readonly options: { flushEveryMs: number; remember: number } = { flushEveryMs: 1000, remember: 100_000 },
  ) {}

  /** Loads the ids handled in the last day, by this or an earlier process (SQLite). */
  async load(): Promise<void> {
    if (this.db.engine !== 'sqlite') return
    const ids = await this.db.read((tx) =>
      tx.all<{ update_id: unknown }>(
        'SELECT update_id FROM processed_updates WHERE received_at > ? ORDER BY update_id DESC LIMIT ?',
        new Date(tx.now.getTime() - DAY_MS),
        this.options.remember,
      ),
    )
    for (const { update_id } of ids.reverse()) this.#remember(Number(update_id))
  }

  /** True for the first copy of an update; false for a repeat. */
  async firstTime(updateId: number): Promise<boolean> {
    if (this.#recent.has(updateId)) return false
    if (this.db.engine === 'sqlite') {
      this.#remember(updateId)
      this.#pending.push(updateId)
      this.#arm()
      return true
    }
    const first = await new Promise<boolean>((answer, fail) => {
      if (this.#claims.push({ updateId, answer, fail }) === 1) setImmediate(() => void this.#insertClaims())
    })
    this.#remember(updateId)
    return first
  }

  /** One insert for every claim made since the last; each caller hears whether its id was new. */
  async #insertClaims(): Promise<void> {
    const claims = this.#claims.splice(0, MAX_CLAIMS_PER_INSERT)
    if (this.#claims.length > 0) setImmediate(() => void this.#insertClaims())
    try {
      const inserted = await this.db.write((tx) => insertIds(tx, claims.map((c) => c.updateId)), { durable: false })
      // Two copies of one update in the same batch: the first is the one to handle.
      for (const claim of claims) claim.answer(inserted.delete(claim.updateId))
    } catch (error) {
      for (const claim of claims) claim.fail(error)
    }
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
      await this.db.write(async (tx) => {
        for (const id of ids) await tx.run('INSERT INTO processed_updates (update_id, received_at) VALUES (?, ?) ON CONFLICT (update_id) DO NOTHING', id, tx.now)
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

const DAY_MS = 24 * 60 * 60 * 1000
const MAX_CLAIMS_PER_INSERT = 256

/**
 * Inserts the ids, returning those that were new. The row count is rounded up to a power of
 * two by repeating the last id (a repeat inserts nothing), so a handful of statement shapes
 * are prepared rather than one per batch size.
 */
async function insertIds(tx: Tx, ids: number[]): Promise<Set<number>> {
  let rows = 1
  while (rows < ids.length) rows *= 2
  const params: SqlValue[] = []
  for (let i = 0; i < rows; i++) params.push(ids[Math.min(i, ids.length - 1)]!, tx.now)
  const values = Array.from({ length: rows }, () => '(?, ?)').join(', ')
  const inserted = await tx.all<{ update_id: unknown }>(
    `INSERT INTO processed_updates (update_id, received_at) VALUES ${values} ON CONFLICT (update_id) DO NOTHING RETURNING update_id`,
    ...params,
  )
  return new Set(inserted.map((row) => Number(row.update_id)))
}

/** Forgets update ids older than `keepMs` (Telegram never redelivers after a day), a batch at a time. */
export function forgetProcessedUpdates(db: Database, keepMs: number, batch = 5_000): Promise<number> {
  return db.write((tx) =>
    tx.run(
      'DELETE FROM processed_updates WHERE update_id IN (SELECT update_id FROM processed_updates WHERE received_at < ? ORDER BY update_id LIMIT ?)',
      new Date(tx.now.getTime() - keepMs),
      batch,
    ),
  )
}
