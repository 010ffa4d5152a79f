import { randomInt } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { DomainError } from '../../errors.js'
import type { Clock } from '../clock.js'
import { MAX_UNIT_ATTEMPTS, RetryUnit, type Tx, type UnitOfWork } from '../port.js'
import type { PostingWatch } from '../posting-watch.js'
import { PostgresTx } from './tx.js'

/**
 * Column types read exactly: BIGINT (money, Telegram ids) as bigint, never through a double;
 * TIMESTAMP (UTC, as the wallet and Prisma write it) as a Date in UTC, whatever TZ is.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (value: string) => BigInt(value)
    if (oid === pg.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
    return pg.types.getTypeParser(oid, format)
  },
}

/** Deadlock and serialization failure: the unit is run again, under the same idempotency key. */
const RETRYABLE = new Set(['40001', '40P01'])

export interface PostgresEngineOptions {
  url: string
  clock: Clock
  /** Connections in the pool: at most this many units of work run at once. */
  poolSize: number
}

/**
 * The PostgreSQL writer: a pool of connections, each unit of work in a transaction of its own
 * (READ COMMITTED). Units make their racing writes conditional or take row locks in a fixed
 * order; a deadlock, a serialization failure or a race the unit saw (RetryUnit) runs the unit
 * again from the start, a bounded number of times.
 */
export class PostgresEngine {
  readonly pool: pg.Pool
  /** Each unit commits alone here: batches and units count the same transactions. */
  readonly stats = { batches: 0, units: 0 }
  readonly #memo = new Map<string, unknown>()

  constructor(private readonly options: PostgresEngineOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, types })
    // An idle connection the server dropped: the pool replaces it; nothing was in flight.
    this.pool.on('error', () => {})
  }

  async write<T>(unit: UnitOfWork<T>, durable = true, watch?: PostingWatch): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.#connect()
      const tx = new PostgresTx(client, this.options.clock.now(), this.#memo)
      try {
        await client.query(durable ? 'BEGIN' : "BEGIN; SET LOCAL synchronous_commit = off")
        const value = await unit(tx)
        await client.query('COMMIT')
        this.stats.batches += 1
        this.stats.units += 1
        if (watch) watch.postings += tx.postings
        return value
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        if (attempt < MAX_UNIT_ATTEMPTS && isRetryable(error)) {
          await sleep(randomInt(1, 2 ** attempt + 1)) // a little jitter, so racers do not meet again
          continue
        }
        throw storageRefusal(error) ?? error
      } finally {
        tx.close()
        client.release()
      }
    }
  }

  /**
   * Reads on a connection of their own. A snapshot read (reports, the auditor) runs in one
   * REPEATABLE READ, READ ONLY transaction, so every statement sees the same moment.
   */
  async read<T>(fn: (tx: Tx) => Promise<T>, snapshot: boolean): Promise<T> {
    const client = await this.#connect()
    const tx = new PostgresTx(client, this.options.clock.now(), this.#memo)
    try {
      if (!snapshot) return await fn(tx)
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      try {
        return await fn(tx)
      } finally {
        await client.query('COMMIT').catch(() => {})
      }
    } catch (error) {
      throw storageRefusal(error) ?? error
    } finally {
      tx.close()
      client.release()
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect()
    } catch (error) {
      throw storageRefusal(error) ?? error
    }
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof RetryUnit || RETRYABLE.has(String((error as { code?: unknown })?.code))
}

/** PostgreSQL's storage failures, as the same refusals SQLite's give: nothing was saved. */
function storageRefusal(error: unknown): DomainError | undefined {
  const code = String((error as { code?: unknown })?.code ?? '')
  if (code === '53100') return new DomainError('STORAGE_FULL') // disk_full
  if (code === '25006') return new DomainError('DATABASE_READ_ONLY') // read_only_sql_transaction
  if (code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || code === '08006') return new DomainError('STORAGE_FAILED')
  return undefined
}
