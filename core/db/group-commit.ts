import type { SharedConnection } from './sqlite-adapter.js'
import { StatementCache } from './statement-cache.js'
import { WriteTx } from './write-tx.js'

export type UnitOfWork<T> = (tx: WriteTx) => T

interface Pending {
  work: UnitOfWork<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

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
    private readonly maxBatch = 256,
  ) {
    this.#statements = new StatementCache(connection.db)
  }

  run<T>(work: UnitOfWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
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
    const release = await this.connection.mutex.acquire()
    try {
      while (this.#queue.length > 0) this.#writeBatch(this.#queue.splice(0, this.maxBatch))
    } finally {
      release()
    }
  }

  #writeBatch(batch: Pending[]): void {
    const { db } = this.connection
    const tx = new WriteTx(this.#statements, this.clock.now())
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = []
    try {
      this.#statements.get('BEGIN IMMEDIATE').run()
      for (const item of batch) {
        this.#statements.get('SAVEPOINT unit').run()
        try {
          outcomes.push({ ok: true, value: item.work(tx) })
        } catch (error) {
          this.#statements.get('ROLLBACK TO unit').run()
          outcomes.push({ ok: false, error })
        }
        this.#statements.get('RELEASE unit').run()
      }
      this.#statements.get('COMMIT').run()
      this.stats.batches += 1
      this.stats.units += batch.length
    } catch (error) {
      // BEGIN or COMMIT failed (disk full, another process holding the lock past the busy
      // timeout): nothing of this batch is written, and every caller hears so.
      if (db.inTransaction) db.exec('ROLLBACK')
      for (const item of batch) item.reject(error)
      return
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) item.resolve(outcome.value)
      else item.reject(outcome.error)
    })
  }
}
