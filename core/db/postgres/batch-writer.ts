import { randomInt } from 'node:crypto'
import type pg from 'pg'
import type { Clock } from '../clock.js'
import { MAX_UNIT_ATTEMPTS, RetryUnit, type UnitOfWork } from '../port.js'
import type { PostingWatch } from '../posting-watch.js'
import { isRetryable, storageRefusal } from './refusals.js'
import { PostgresTx } from './tx.js'

interface Pending {
  work: UnitOfWork<unknown>
  durable: boolean
  watch: PostingWatch | undefined
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Times this unit was put back for a later batch (a deadlock, a serialization failure). */
  requeued: number
  lane: Lane
}

/** One writing connection at a time, and the units waiting for it. */
interface Lane {
  queue: Pending[]
  writing: boolean
}

type Outcome =
  | { ok: true; value: unknown; postings: number }
  | { ok: false; error: unknown }
  /** Lost a deadlock or a serialization race: run again in a later transaction. */
  | { again: true; error: unknown }
/** The unit that made an optimistic run give up its batch, and why. */
type Failure = { index: number; error: unknown }

/**
 * Group commit on PostgreSQL: units that arrive while the writers are busy are run together,
 * one after another, in one transaction on one connection, and every caller is answered once
 * its COMMIT has returned. A batch costs one commit instead of one per unit (two round trips
 * and a WAL flush each), and a row every unit touches (a red packet's escrow in a storm) is
 * locked once per batch instead of once per unit — units of one hot row no longer wait for
 * each other's commits.
 *
 * As on SQLite, a batch is first run without savepoints: a unit that fails before writing
 * just fails. One that fails after writing, or whose statement failed (PostgreSQL then aborts
 * the transaction), makes the batch roll back and run again with a savepoint per unit. A unit
 * that loses a deadlock or a serialization race is rolled back to its savepoint and put back
 * for a later batch, a bounded number of times.
 *
 * Each writing connection has a lane: its own queue, one batch at a time. A batch holds the
 * locks of its earlier units while it runs its later ones, so two lanes taking turns on one
 * hot row (a red packet's escrow in a storm) would stall each other, or deadlock, which
 * PostgreSQL needs a second to notice; units that name such a row (`contends`) therefore
 * share one lane. Any other unit goes to the least busy lane.
 */
export class PostgresBatchWriter {
  readonly #lanes: Lane[]
  readonly stats = { batches: 0, units: 0 }

  constructor(
    private readonly connect: () => Promise<pg.PoolClient>,
    private readonly clock: Clock,
    private readonly memo: Map<string, unknown>,
    /** Connections writing at once; the rest of the pool stays free for reads. */
    writers: number,
    private readonly maxBatch = 64,
  ) {
    this.#lanes = Array.from({ length: writers }, () => ({ queue: [], writing: false }))
  }

  /**
   * Units that name the row they contend on go to that row's lane; the others to the lane
   * with the shortest queue.
   */
  run<T>(work: UnitOfWork<T>, durable: boolean, watch?: PostingWatch, contends?: string): Promise<T> {
    const lane = contends === undefined ? this.#leastBusy() : this.#lanes[laneIndex(contends, this.#lanes.length)]!
    return new Promise<T>((resolve, reject) => {
      lane.queue.push({ work, durable, watch, resolve: resolve as (value: unknown) => void, reject, requeued: 0, lane })
      this.#write(lane)
    })
  }

  #leastBusy(): Lane {
    let best = this.#lanes[0]!
    for (const lane of this.#lanes) {
      const load = lane.queue.length + (lane.writing ? 1 : 0)
      if (load < best.queue.length + (best.writing ? 1 : 0)) best = lane
    }
    return best
  }

  #write(lane: Lane): void {
    if (lane.writing || lane.queue.length === 0) return
    lane.writing = true
    void this.#drain(lane).finally(() => {
      lane.writing = false
      this.#write(lane)
    })
  }

  async #drain(lane: Lane): Promise<void> {
    while (lane.queue.length > 0) await this.#writeBatch(lane.queue.splice(0, this.maxBatch))
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    let client: pg.PoolClient
    try {
      client = await this.connect()
    } catch (error) {
      for (const item of batch) item.reject(storageRefusal(error) ?? error)
      return
    }
    const begin = batch.some((item) => item.durable) ? 'BEGIN' : 'BEGIN; SET LOCAL synchronous_commit = off'
    try {
      await client.query(begin)
      let outcomes = await this.#writeOptimistically(client, batch)
      if (!Array.isArray(outcomes)) {
        await client.query('ROLLBACK')
        this.memo.clear()
        await client.query(begin)
        outcomes = await this.#writeInSavepoints(client, batch, outcomes)
      }
      await client.query('COMMIT')
      this.stats.batches += 1
      this.stats.units += batch.length
      batch.forEach((item, i) => this.#answer(item, outcomes[i]!))
    } catch (error) {
      // The transaction itself failed (COMMIT, a lost connection): nothing of it is written.
      await client.query('ROLLBACK').catch(() => {})
      this.memo.clear()
      for (const item of batch) this.#answer(item, isRetryable(error) ? { again: true, error } : { ok: false, error: storageRefusal(error) ?? error })
    } finally {
      client.release()
    }
  }

  #answer(item: Pending, outcome: Outcome): void {
    if ('again' in outcome) return this.#requeue(item, outcome.error)
    if (!outcome.ok) return item.reject(outcome.error)
    if (item.watch) item.watch.postings += outcome.postings
    item.resolve(outcome.value)
  }

  /** Back to the queue after a little jitter, so the racers do not meet again at once. */
  #requeue(item: Pending, error: unknown): void {
    item.requeued += 1
    if (item.requeued >= MAX_UNIT_ATTEMPTS) return item.reject(error)
    setTimeout(() => {
      item.lane.queue.push(item)
      this.#write(item.lane)
    }, randomInt(1, 2 ** item.requeued + 1))
  }

  async #writeOptimistically(client: pg.PoolClient, batch: Pending[]): Promise<Outcome[] | Failure> {
    const outcomes: Outcome[] = []
    for (const [index, item] of batch.entries()) {
      const outcome = await this.#attempt(client, item)
      if ('undo' in outcome) return { index, error: outcome.error }
      outcomes.push(outcome)
    }
    return outcomes
  }

  /**
   * Every unit again, each in its own savepoint. The one that failed the optimistic run is
   * not run again unless its failure was a race (it would fail the same way).
   */
  async #writeInSavepoints(client: pg.PoolClient, batch: Pending[], failed: Failure): Promise<Outcome[]> {
    const outcomes: Outcome[] = []
    for (const [index, item] of batch.entries()) {
      if (index === failed.index && !isRetryable(failed.error)) {
        outcomes.push({ ok: false, error: storageRefusal(failed.error) ?? failed.error })
        continue
      }
      await client.query('SAVEPOINT unit')
      const outcome = await this.#attempt(client, item, () => client.query('ROLLBACK TO SAVEPOINT unit'))
      await client.query('RELEASE SAVEPOINT unit')
      outcomes.push('undo' in outcome ? { ok: false, error: outcome.error } : outcome)
    }
    return outcomes
  }

  /**
   * Runs one unit, again in place when it asks to (RetryUnit) and nothing needs undoing. A
   * failure after writing or of a statement is undone by `undo` when there is a savepoint,
   * else handed back (`undo`) for the batch to roll back.
   */
  async #attempt(client: pg.PoolClient, item: Pending, undo?: () => Promise<unknown>): Promise<Outcome | { undo: true; error: unknown }> {
    for (let attempt = 1; ; attempt++) {
      const tx = new PostgresTx(client, this.clock.now(), this.memo)
      try {
        const value = await item.work(tx)
        return { ok: true, value, postings: tx.postings }
      } catch (error) {
        if (tx.wrote || tx.statementFailed) {
          if (!undo) return { undo: true, error }
          await undo()
        }
        if (error instanceof RetryUnit && attempt < MAX_UNIT_ATTEMPTS) continue // a race the unit saw itself: a fresh look may go through
        if (isRetryable(error)) return { again: true, error }
        return { ok: false, error: storageRefusal(error) ?? error }
      } finally {
        tx.close()
      }
    }
  }
}

function laneIndex(key: string, lanes: number): number {
  let hash = 0
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0
  return Math.abs(hash) % lanes
}
