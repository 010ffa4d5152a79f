import type { PoolClient } from 'pg'
import type { SqlValue, Tx } from '../port.js'

/** The shared SQL, PostgreSQL-shaped: `?` becomes `$1, $2…` (outside quoted strings). */
const translated = new Map<string, { text: string; name: string; reads: boolean }>()

function forPostgres(sql: string): { text: string; name: string; reads: boolean } {
  let found = translated.get(sql)
  if (!found) {
    let n = 0
    const text = sql.replace(/'(?:[^']|'')*'|\?/g, (token) => (token === '?' ? `$${++n}` : token))
    // A named statement is prepared once per connection and then only bound and run.
    found = { text, name: `lq${translated.size}`, reads: /^\s*SELECT\b/i.test(sql) }
    translated.set(sql, found)
  }
  return found
}

/**
 * Timestamps go over the wire as UTC text: the columns are TIMESTAMP(3) without a time zone,
 * holding UTC (as Prisma reads them), whatever TZ this process runs in.
 */
const toPostgres = (value: SqlValue): unknown => (value instanceof Date ? value.toISOString() : value)

/** A unit of work's handle on one pooled connection inside its transaction. */
export class PostgresTx implements Tx {
  postings = 0
  /** A statement other than a SELECT ran: undoing this unit needs a rollback. */
  wrote = false
  /** A statement failed: PostgreSQL has aborted the transaction (or the savepoint's part). */
  statementFailed = false
  #open = true

  constructor(
    private readonly client: PoolClient,
    readonly now: Date,
    readonly memo: Map<string, unknown>,
  ) {}

  close(): void {
    this.#open = false
  }

  async get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined> {
    return (await this.#query(sql, params)).rows[0] as T | undefined
  }

  async all<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
    return (await this.#query(sql, params)).rows as T[]
  }

  async run(sql: string, ...params: SqlValue[]): Promise<number> {
    return (await this.#query(sql, params)).rowCount ?? 0
  }

  async insert(sql: string, ...params: SqlValue[]): Promise<number | undefined> {
    const row = (await this.#query(`${sql} RETURNING id`, params)).rows[0] as { id: number } | undefined
    return row?.id
  }

  #query(sql: string, params: SqlValue[]) {
    if (!this.#open) throw new Error('this unit of work has ended; its handle cannot be used any more')
    const { text, name, reads } = forPostgres(sql)
    if (!reads) this.wrote = true
    return this.client.query({ text, name, values: params.map(toPostgres) }).catch((error: unknown) => {
      this.statementFailed = true
      throw error
    })
  }
}
