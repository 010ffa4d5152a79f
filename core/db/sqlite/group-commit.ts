import { systemClock, type Clock } from '../clock.js'
import { MAX_UNIT_ATTEMPTS, RetryUnit, type UnitOfWork } from '../port.js'
import type { PostingWatch } from '../posting-watch.js'
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
/** The unit that made an optimistic run give up its batch (it failed after writing), and why. */
type Failure = { index: number; error: unknown }

const refusal = (error: unknown): Outcome => ({ ok: false, error: storageRefusal(error) ?? error })


/**
 * Group commit: units of work submitted while the previous batch was being written are run
 * together in one `BEGIN IMMEDIATE … COMMIT`, one after another. A unit that throws fails
 * alone, and what it wrote is undone; the others commit (how, mostly without savepoints:
 * #writeOptimistically). Every caller is answered only after the COMMIT has returned (synchronous=FULL: on
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

  run<T>(work: UnitOfWork<T>, watch?: PostingWatch): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject, watch })
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
      const failed = await this.#inTransaction(batch, (turn) => this.#writeOptimistically(batch, turn))
      if (failed) await this.#inTransaction(batch, (turn) => this.#writeInSavepoints(batch, turn, failed))
    }
  }

  /**
   * Runs `write` inside BEGIN IMMEDIATE … COMMIT, and answers every caller once the commit has
   * returned — unless `write` gives up on the batch (a Failure): then it is rolled back and
   * nobody is answered yet.
   */
  async #inTransaction(batch: Pending[], write: (turn: TurnGuard) => Promise<Outcome[] | Failure>): Promise<Failure | undefined> {
    let release: () => void
    try {
      // Another process holding the lock makes the BEGIN busy before any unit has run; the
      // mutex is let go while waiting, so reads carry on (busy.ts).
      ;({ release } = await lockWhenFree(this.connection.mutex, this.lockWaitMs, () => this.#statements.get('BEGIN IMMEDIATE').run()))
    } catch (error) {
      for (const item of batch) item.reject(storageRefusal(error) ?? error) // nothing was written
      return undefined
    }
    const turn = new TurnGuard()
    let outcomes: Outcome[]
    try {
      const written = await write(turn)
      if (!Array.isArray(written)) {
        this.#statements.get('ROLLBACK').run()
        this.#forgetUncommitted()
        return written
      }
      this.#statements.get('COMMIT').run()
      outcomes = written
      this.stats.batches += 1
      this.stats.units += batch.length
    } catch (error) {
      // SQLite rolled the whole transaction back (a full disk, an I/O error, a database that
      // became read-only) or COMMIT failed: nothing of this batch is written, and every
      // caller hears the real cause — not a confusing "no such savepoint" from the rollback.
      if (this.connection.db.inTransaction) this.connection.db.exec('ROLLBACK')
      this.#forgetUncommitted()
      for (const item of batch) item.reject(storageRefusal(error) ?? error)
      return undefined
    } finally {
      turn.end()
      release()
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!
      if (!outcome.ok) return item.reject(outcome.error)
      if (item.watch) item.watch.postings += outcome.postings
      item.resolve(outcome.value)
    })
    return undefined
  }

  /**
   * The fast way, with no savepoint at all (an open savepoint makes SQLite copy every page
   * it changes, which is most of the cost of a small unit): a unit that fails before writing
   * anything just fails — most refusals do (too little money, a spent card) — and the batch
   * goes on. A unit that fails after writing cannot be undone alone: the batch is given up,
   * rolled back, and written again by #writeInSavepoints.
   */
  async #writeOptimistically(batch: Pending[], turn: TurnGuard): Promise<Outcome[] | Failure> {
    const outcomes: Outcome[] = []
    for (const [index, item] of batch.entries()) {
      const outcome = await this.#attempt(item, turn)
      if ('wrote' in outcome) return { index, error: outcome.error }
      outcomes.push(outcome)
    }
    return outcomes
  }

  /**
   * Every unit again, each in its own savepoint, so a failure undoes that unit alone. The one
   * that failed the optimistic run is not run again (it would fail the same way, and redo
   * whatever it awaited) unless it asked to be.
   */
  async #writeInSavepoints(batch: Pending[], turn: TurnGuard, failed: Failure): Promise<Outcome[]> {
    const outcomes: Outcome[] = []
    for (const [index, item] of batch.entries()) {
      if (index === failed.index && !(failed.error instanceof RetryUnit)) {
        outcomes.push(refusal(failed.error))
        continue
      }
      this.#statements.get('SAVEPOINT unit').run()
      const outcome = await this.#attempt(item, turn, () => this.#statements.get('ROLLBACK TO unit').run())
      this.#statements.get('RELEASE unit').run()
      outcomes.push('wrote' in outcome ? refusal(outcome.error) : outcome)
    }
    return outcomes
  }

  /**
   * Runs one unit, again (up to MAX_UNIT_ATTEMPTS) when it asks to with RetryUnit — the same
   * rule as on PostgreSQL: run again from a fresh look. A failure after writing is undone by
   * `undo` when there is one, else handed back (`wrote`) for the batch to undo. When SQLite
   * itself has ended the transaction (storage failures do) there is nothing left to undo here:
   * that failure belongs to the whole batch, so it is thrown.
   */
  async #attempt(item: Pending, turn: TurnGuard, undo?: () => void): Promise<Outcome | { wrote: true; error: unknown }> {
    for (let attempt = 1; ; attempt++) {
      const tx = new SqliteTx(this.#statements, this.clock.now(), this.memo)
      try {
        const value = await turn.within(item.work(tx))
        return { ok: true, value, postings: tx.postings }
      } catch (error) {
        if (!this.connection.db.inTransaction) throw error
        if (tx.wrote) {
          if (!undo) return { wrote: true, error }
          undo()
        }
        if (!(error instanceof RetryUnit) || attempt >= MAX_UNIT_ATTEMPTS) return refusal(error)
      } finally {
        tx.close()
      }
    }
  }

  /**
   * Units remember account ids they have seen (Tx.memo); one seen inside a batch that was then
   * undone may belong to a row that no longer exists.
   */
  #forgetUncommitted(): void {
    this.memo.clear()
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
