import { systemClock, type Clock } from '../clock.js'
import { MAX_UNIT_ATTEMPTS, RetryUnit, type UnitOfWork } from '../port.js'
import { currentWatch, type PostingWatch } from '../posting-watch.js'
import { DEFAULT_LOCK_WAIT_MS, lockWhenFree } from './busy.js'
import { storageRefusal } from './errors.js'
import type { SharedConnection } from './prisma-adapter.js'
import { StatementCache } from './statement-cache.js'
import { SqliteTx } from './tx.js'

interface Pending {
  work: UnitOfWork<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** The caller's watch: told, after the commit, how many postings this unit made. */
  watch: PostingWatch | undefined
}

type Outcome = { ok: true; value: unknown; postings: number } | { ok: false; error: unknown }


/**
 * Group commit: units of work submitted while the previous batch was being written are run
 * together in one `BEGIN IMMEDIATE … COMMIT`, one after another, each inside its own
 * SAVEPOINT. A unit that throws rolls back to its savepoint and fails alone; the others
 * commit. Every caller is answered only after the COMMIT has returned (synchronous=FULL: on
 * disk), so an acknowledged posting survives a crash, and one fsync is shared by the batch.
 */
export class GroupCommitWriter {
  readonly #queue: Pending[] = []
  readonly #statements: StatementCache
  #scheduled = false
  #flushing: Promise<void> | undefined
  /** Committed batches and the units in them: how much fsync sharing is happening. */
  readonly stats = { batches: 0, units: 0 }
  /** What units may remember about this database (Tx.memo). */
  readonly memo = new Map<string, unknown>()

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
      let release: () => void
      try {
        // Another process holding the lock makes the BEGIN busy before any unit has run; the
        // mutex is let go while waiting, so reads carry on (busy.ts).
        ;({ release } = await lockWhenFree(this.connection.mutex, this.lockWaitMs, () => this.#statements.get('BEGIN IMMEDIATE').run()))
      } catch (error) {
        for (const item of batch) item.reject(storageRefusal(error) ?? error) // nothing was written
        continue
      }
      try {
        await this.#writeBatch(batch)
      } finally {
        release()
      }
    }
  }

  /** Runs the batch's units inside the open transaction, commits, and answers every caller. */
  async #writeBatch(batch: Pending[]): Promise<void> {
    const outcomes: Outcome[] = []
    const turn = new TurnGuard()
    try {
      for (const item of batch) outcomes.push(await this.#runUnit(item, turn))
      this.#statements.get('COMMIT').run()
      this.stats.batches += 1
      this.stats.units += batch.length
    } catch (error) {
      // SQLite rolled the whole transaction back (a full disk, an I/O error, a database that
      // became read-only) or COMMIT failed: nothing of this batch is written, and every
      // caller hears the real cause — not a confusing "no such savepoint" from the rollback.
      if (this.connection.db.inTransaction) this.connection.db.exec('ROLLBACK')
      for (const item of batch) item.reject(storageRefusal(error) ?? error)
      return
    } finally {
      turn.end()
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
  async #runUnit(item: Pending, turn: TurnGuard, attempt = 1): Promise<Outcome> {
    this.#statements.get('SAVEPOINT unit').run()
    const tx = new SqliteTx(this.#statements, this.clock.now(), this.memo)
    try {
      const value = await turn.within(item.work(tx))
      this.#statements.get('RELEASE unit').run()
      return { ok: true, value, postings: tx.postings }
    } catch (error) {
      if (!this.connection.db.inTransaction) throw error
      this.#statements.get('ROLLBACK TO unit').run()
      this.#statements.get('RELEASE unit').run()
      // Units run one at a time here, so a race is rare (another process, a bug); the same
      // rule as on PostgreSQL still applies: run the unit again from a fresh look.
      if (error instanceof RetryUnit && attempt < MAX_UNIT_ATTEMPTS) return this.#runUnit(item, turn, attempt + 1)
      return { ok: false, error: storageRefusal(error) ?? error }
    } finally {
      tx.close()
    }
  }
}

/**
 * Every call on a SQLite unit's handle resolves at once, so an honest batch of units runs to
 * its end before the event loop takes its next turn. A unit still pending then has awaited
 * something else (a Telegram call, a timer) while holding the database: it is failed, and
 * rolled back. One timer per batch, not per unit: the check costs nothing per payment.
 */
class TurnGuard {
  #pending: ((error: Error) => void) | undefined
  #over = false
  readonly #timer = setImmediate(() => {
    this.#over = true
    this.#pending?.(new Error('a unit of work awaited something other than its database handle; units may only use tx'))
  })

  within<T>(work: Promise<T>): Promise<T> {
    if (this.#over) return Promise.reject(new Error('the writer\'s turn ended before this unit ran'))
    return new Promise<T>((resolve, reject) => {
      this.#pending = reject
      work.then(
        (value) => {
          this.#pending = undefined
          resolve(value)
        },
        (error) => {
          this.#pending = undefined
          reject(error)
        },
      )
    })
  }

  end(): void {
    clearImmediate(this.#timer)
  }
}
