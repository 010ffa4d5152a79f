import pg from 'pg'
import type { Clock } from '../clock.js'
import type { Tx, UnitOfWork } from '../port.js'
import type { PostingWatch } from '../posting-watch.js'
import { PostgresBatchWriter } from './batch-writer.js'
import { storageRefusal } from './refusals.js'
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

export interface PostgresEngineOptions {
  url: string
  clock: Clock
  /** Connections in the pool: at most this many units of work run at once. */
  poolSize: number
}

/**
 * The PostgreSQL engine: a pool of connections, half of them writing units of work in batches
 * (PostgresBatchWriter: one transaction per batch, READ COMMITTED), the rest reading. Units
 * make their racing writes conditional or take row locks in a fixed order; a deadlock, a
 * serialization failure or a race the unit saw (RetryUnit) runs the unit again from the
 * start, a bounded number of times.
 */
export class PostgresEngine {
  readonly pool: pg.Pool
  readonly #memo = new Map<string, unknown>()
  readonly #writer: PostgresBatchWriter

  constructor(private readonly options: PostgresEngineOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, types })
    // An idle connection the server dropped: the pool replaces it; nothing was in flight.
    this.pool.on('error', () => {})
    // Half the pool writes (in batches); the other half stays free for reads.
    this.#writer = new PostgresBatchWriter(() => this.#connect(), options.clock, this.#memo, Math.max(1, Math.floor(options.poolSize / 2)))
  }

  /** Committed batches and the units in them. */
  get stats(): { readonly batches: number; readonly units: number } {
    return this.#writer.stats
  }

  write<T>(unit: UnitOfWork<T>, durable = true, watch?: PostingWatch, contends?: string): Promise<T> {
    return this.#writer.run(unit, durable, watch, contends)
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
