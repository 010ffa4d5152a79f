import { DEFAULT_LOCK_WAIT_MS, whileBusy } from './busy.js'
import { currentWatch, type PostingWatch } from './posting-watch.js'
import type { SharedConnection } from './sqlite-adapter.js'
import { isBusy, storageRefusal } from './sqlite-errors.js'
import { StatementCache } from './statement-cache.js'
import { WriteTx } from './write-tx.js'

export type UnitOfWork<T> = (tx: WriteTx) => T

interface Pending {
  work: UnitOfWork<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** The caller's watch: told, after the commit, how many postings this unit made. */
  watch: PostingWatch | undefined
}

type Outcome = { ok: true; value: unknown; postings: number } | { ok: false; error: unknown }

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/**
 * Group commit: units of work submitted while the previous batch was being written are run
 * together in one `BEGIN IMMEDIATE … COMMIT`, each inside its own SAVEPOINT. A unit that
 * throws rolls back to its savepoint and fails alone; the others commit. Every caller is
 * answered only after the COMMIT has returned (synchronous=FULL: on disk), so an
 * acknowledged posting survives a crash, and one fsync is shared by the whole batch.
 */
export class GroupCommitWriter {
  readonly #queue: Pending[] = []
  readonly #statements: StatementCache
  #scheduled = false
  #flushing: Promise<void> | undefined
  /** Committed batches and the units in them: how much fsync sharing is happening. */
  readonly stats = { batches: 0, units: 0 }

  constructor(
    private readonly connection: SharedConnection,
    private readonly clock: Clock = systemClock,
    private readonly lockWaitMs = DEFAULT_LOCK_WAIT_MS,
    private readonly maxBatch = 256,
  ) {
    this.#statements = new StatementCache(connection.db)
  }

  run<T>(work: UnitOfWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject, watch: currentWatch() })
      this.#schedule()
    })
  }

  /** Resolves when everything submitted so far has been written. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing) await (this.#flushing ?? new Promise((r) => setImmediate(r)))
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing) return
    this.#scheduled = true
    // Let the current tick's callers join the batch before it starts.
    setImmediate(() => {
      this.#scheduled = false
      this.#flushing = this.#flush().finally(() => {
        this.#flushing = undefined
        if (this.#queue.length > 0) this.#schedule()
      })
    })
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxBatch)
      try {
        // Another process holding the lock makes the BEGIN busy before any unit has run;
        // the mutex is let go while waiting, so reads carry on.
        await whileBusy(this.connection.mutex, this.lockWaitMs, () => this.#writeBatch(batch))
      } catch (error) {
        for (const item of batch) item.reject(error) // gave up waiting: nothing was written
      }
    }
  }

  /** Writes one batch and answers its callers; throws (having run nothing) only when busy. */
  #writeBatch(batch: Pending[]): void {
    const { db } = this.connection
    const tx = new WriteTx(this.#statements, this.clock.now())
    const outcomes: Outcome[] = []
    try {
      this.#statements.get('BEGIN IMMEDIATE').run()
    } catch (error) {
      if (isBusy(error)) throw error
      for (const item of batch) item.reject(storageRefusal(error) ?? error)
      return
    }
    try {
      for (const item of batch) outcomes.push(this.#runUnit(item, tx))
      this.#statements.get('COMMIT').run()
      this.stats.batches += 1
      this.stats.units += batch.length
    } catch (error) {
      // SQLite rolled the whole transaction back (a full disk, an I/O error, a database that
      // became read-only) or COMMIT failed: nothing of this batch is written, and every
      // caller hears the real cause — not a confusing "no such savepoint" from the rollback.
      if (db.inTransaction) db.exec('ROLLBACK')
      for (const item of batch) item.reject(storageRefusal(error) ?? error)
      return
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!
      if (!outcome.ok) return item.reject(outcome.error)
      if (item.watch) item.watch.postings += outcome.postings
      item.resolve(outcome.value)
    })
  }

  /**
   * One unit inside its savepoint. A refusal rolls back to the savepoint and fails this unit
   * alone. When SQLite itself has ended the transaction (storage failures do), there is no
   * savepoint left to roll back to: that failure belongs to the whole batch, so it is thrown.
   */
  #runUnit(item: Pending, tx: WriteTx): Outcome {
    this.#statements.get('SAVEPOINT unit').run()
    let outcome: Outcome
    const postingsBefore = tx.postings
    try {
      outcome = { ok: true, value: item.work(tx), postings: tx.postings - postingsBefore }
    } catch (error) {
      if (!this.connection.db.inTransaction) throw error
      this.#statements.get('ROLLBACK TO unit').run()
      outcome = { ok: false, error: storageRefusal(error) ?? error }
    }
    this.#statements.get('RELEASE unit').run()
    return outcome
  }
}
