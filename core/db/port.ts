/**
 * The unit-of-work port: how the core talks to a database, whichever engine is behind it.
 *
 * A unit of work is `async (tx) => T`, run by the engine's writer as one all-or-nothing step
 * (SQLite: a savepoint inside a group commit; PostgreSQL: a transaction of its own). It may
 * await only `tx`: no Telegram, HTTP or timer inside, because it holds the database while it
 * runs. On SQLite the writer enforces that — a unit still pending once the event loop has moved
 * on is failed and rolled back — so every test run catches a slow call inside a unit.
 *
 * SQL is written once, in the subset both engines run:
 *  - `?` placeholders (PostgreSQL's `$1, $2…` are made from them);
 *  - parameters are strings, numbers, bigints, booleans, Dates or null: a DateTime column is
 *    always given a Date, a Boolean column `TRUE`/`FALSE` or a boolean;
 *  - `INSERT … RETURNING`, `ON CONFLICT (…) DO NOTHING / DO UPDATE`, `UPDATE … RETURNING`,
 *    window functions, `IS DISTINCT FROM`;
 *  - a row lock is asked for with a trailing `FOR UPDATE` or `FOR UPDATE SKIP LOCKED`, which
 *    SQLite (whose writer holds the whole database anyway) drops;
 *  - aggregates of money are cast back: `CAST(SUM(x) AS BIGINT)` (PostgreSQL sums bigints into
 *    numeric), and HAVING repeats its expressions (PostgreSQL knows no output aliases there);
 *  - nothing engine-specific beyond that: no `typeof`, no `::` casts, no `julianday`.
 * Rows come back with driver-shaped values (a SQLite integer is a bigint, a PostgreSQL INTEGER
 * a number, a DateTime a number of ms or a Date): read them through the helpers below, in the
 * one function per table that maps its rows.
 */

export type SqlValue = string | number | bigint | boolean | Date | null

export type Row = Record<string, unknown>

export interface Tx {
  /** The writer's clock reading for this unit: every row it writes carries the same time. */
  readonly now: Date
  get<T = Row>(sql: string, ...params: SqlValue[]): Promise<T | undefined>
  all<T = Row>(sql: string, ...params: SqlValue[]): Promise<T[]>
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, ...params: SqlValue[]): Promise<number>
  /**
   * Runs an INSERT (written without RETURNING) into a table with an `id` column and returns
   * the new row's id, or undefined when `ON CONFLICT … DO NOTHING` inserted nothing. SQLite
   * reads the row id it just assigned (a RETURNING clause costs it a temporary table, on
   * every payment); PostgreSQL appends `RETURNING id`.
   */
  insert(sql: string, ...params: SqlValue[]): Promise<number | undefined>
  /** Postings written through this handle so far (the posting code counts them). */
  postings: number
  /**
   * Facts about this database that never change once committed (an account's id by its
   * code), kept for the life of the process so hot paths can skip their lookups.
   */
  readonly memo: Map<string, unknown>
}

export type UnitOfWork<T> = (tx: Tx) => Promise<T>

/**
 * Thrown inside a unit of work that lost a race it can see (a conditional UPDATE that changed
 * nothing because another unit got there first): the engine runs the whole unit again, from a
 * fresh look at the database, a bounded number of times. Idempotency keys make that safe.
 */
export class RetryUnit extends Error {
  constructor(reason: string) {
    super(`unit of work lost a race: ${reason}`)
    this.name = 'RetryUnit'
  }
}

/** A unique constraint refused a row (SQLite's and PostgreSQL's codes). */
export function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '')
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** How many times an engine runs a unit that keeps losing races before it gives up. */
export const MAX_UNIT_ATTEMPTS = 8

/** An INSERT that must insert: the new row's id. */
export async function insertId(tx: Tx, sql: string, ...params: SqlValue[]): Promise<number> {
  const id = await tx.insert(sql, ...params)
  if (id === undefined) throw new Error('an INSERT inserted nothing')
  return id
}

// ---- reading driver values ------------------------------------------------------------

/** An id or count column as a number (ids stay far below 2^53). */
export const asNumber = (value: unknown): number => Number(value)
export const asNumberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value))

/** A money or Telegram-id column as a bigint, exactly. */
export function asBigint(value: unknown): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value)
  throw new Error(`not an exact integer: ${String(value)}`)
}
export const asBigintOrNull = (value: unknown): bigint | null => (value === null || value === undefined ? null : asBigint(value))

/** A DateTime column: SQLite stores Unix milliseconds, PostgreSQL hands back a Date. */
export function asDate(value: unknown): Date {
  if (value instanceof Date) return value
  if (typeof value === 'bigint' || typeof value === 'number') return new Date(Number(value))
  throw new Error(`not a timestamp: ${String(value)}`)
}
export const asDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : asDate(value))

export const asBoolean = (value: unknown): boolean => value === true || value === 1 || value === 1n
