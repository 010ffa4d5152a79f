/**
 * Prisma driver adapter over the process's single better-sqlite3 connection.
 *
 * It replaces @prisma/adapter-better-sqlite3 because that adapter has two defects a wallet
 * cannot live with (both have regression tests in test/db/sqlite-adapter.test.ts):
 *  (a) a query issued outside a transaction while an interactive `$transaction` is open ran
 *      inside that transaction, and was lost if the transaction rolled back;
 *  (b) if `BEGIN` failed, its internal lock was never released and every later transaction hung.
 * Here every statement, in or out of a transaction, runs under the connection's one mutex,
 * which the ledger's group-commit writer shares; a failed BEGIN releases it at once. Writers
 * use BEGIN IMMEDIATE so another process waits on the busy timeout instead of failing midway.
 */
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type ArgType,
  type ColumnType,
  type IsolationLevel,
  type MappedError,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils'
import { DEFAULT_LOCK_WAIT_MS, lockWhenFree, whileBusy } from './busy.js'
import type { SqliteDatabase } from './connection.js'
import type { Mutex } from './mutex.js'
import { StatementCache } from './statement-cache.js'

const ADAPTER_NAME = 'lingqian-sqlite'

export interface SharedConnection {
  db: SqliteDatabase
  mutex: Mutex
}

export function createSqliteAdapterFactory(connection: SharedConnection, lockWaitMs = DEFAULT_LOCK_WAIT_MS): SqlDriverAdapterFactory {
  return {
    provider: 'sqlite',
    adapterName: ADAPTER_NAME,
    connect: async () => new SqliteAdapter(connection, lockWaitMs),
  }
}

class Queryable {
  readonly provider = 'sqlite' as const
  readonly adapterName = ADAPTER_NAME
  protected readonly statements: StatementCache

  constructor(protected readonly connection: SharedConnection, statements?: StatementCache) {
    this.statements = statements ?? new StatementCache(connection.db)
  }

  /** Runs with the lock already held by the caller. */
  protected runQuery(query: SqlQuery): SqlResultSet {
    try {
      const stmt = this.statements.get(query.sql)
      const args = query.args.map((arg, i) => toSqliteArg(arg, query.argTypes[i]))
      if (!stmt.reader) {
        const info = stmt.run(...args)
        return { columnNames: [], columnTypes: [], rows: [], lastInsertId: String(info.lastInsertRowid) }
      }
      const columns = stmt.columns()
      const rows = stmt.raw(true).all(...args) as unknown[][]
      const columnTypes = resultColumnTypes(
        columns.map((c) => c.type),
        rows,
      )
      return { columnNames: columns.map((c) => c.name), columnTypes, rows: rows.map((r) => toPrismaRow(r, columnTypes)) }
    } catch (error) {
      throw toDriverError(error)
    }
  }

  protected runExecute(query: SqlQuery): number {
    try {
      const args = query.args.map((arg, i) => toSqliteArg(arg, query.argTypes[i]))
      return this.statements.get(query.sql).run(...args).changes
    } catch (error) {
      throw toDriverError(error)
    }
  }
}

class SqliteAdapter extends Queryable implements SqlDriverAdapter {
  constructor(
    connection: SharedConnection,
    private readonly lockWaitMs: number,
  ) {
    super(connection)
  }

  // A statement outside a transaction that writes needs the write lock: while another
  // process holds it, wait without blocking the event loop (busy.ts).
  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#whileBusy(() => this.runQuery(query))
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    return this.#whileBusy(() => this.runExecute(query))
  }

  #whileBusy<T>(attempt: () => T): Promise<T> {
    return whileBusy(this.connection.mutex, this.lockWaitMs, () => {
      try {
        return attempt()
      } catch (error) {
        const cause = error instanceof DriverAdapterError ? (error.cause as { originalCode?: string }).originalCode : undefined
        throw cause?.startsWith('SQLITE_BUSY') ? Object.assign(new Error(cause), { code: cause }) : error
      }
    })
  }

  async executeScript(script: string): Promise<void> {
    await this.connection.mutex.runExclusive(() => {
      try {
        this.connection.db.exec(script)
      } catch (error) {
        throw toDriverError(error)
      }
    })
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') {
      throw new DriverAdapterError({ kind: 'InvalidIsolationLevel', level: isolationLevel })
    }
    // Defect (b): a failed BEGIN must not keep the connection locked; lockWhenFree lets go of
    // the mutex whenever the attempt throws (and waits out another process's lock meanwhile).
    let locked: { release: () => void }
    try {
      locked = await lockWhenFree(this.connection.mutex, this.lockWaitMs, () => this.connection.db.exec('BEGIN IMMEDIATE'))
    } catch (error) {
      throw toDriverError(error)
    }
    return new SqliteTransaction(this.connection, this.statements, locked.release)
  }

  async dispose(): Promise<void> {
    // The connection belongs to the Database object that opened it; it closes it.
  }
}

class SqliteTransaction extends Queryable implements Transaction {
  readonly options = { usePhantomQuery: false }
  #release: (() => void) | undefined

  constructor(connection: SharedConnection, statements: StatementCache, release: () => void) {
    super(connection, statements)
    this.#release = release
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    this.assertOpen()
    return this.runQuery(query)
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    this.assertOpen()
    return this.runExecute(query)
  }

  // Prisma sends COMMIT / ROLLBACK itself as SQL through executeRaw (usePhantomQuery=false);
  // these finish whatever it did not, then hand the connection back.
  async commit(): Promise<void> {
    this.finish('COMMIT')
  }

  async rollback(): Promise<void> {
    this.finish('ROLLBACK')
  }

  async createSavepoint(name: string): Promise<void> {
    await this.executeRaw({ sql: `SAVEPOINT ${name}`, args: [], argTypes: [] })
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.executeRaw({ sql: `ROLLBACK TO ${name}`, args: [], argTypes: [] })
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.executeRaw({ sql: `RELEASE SAVEPOINT ${name}`, args: [], argTypes: [] })
  }

  private finish(statement: 'COMMIT' | 'ROLLBACK'): void {
    const release = this.#release
    if (!release) return
    this.#release = undefined
    try {
      if (this.connection.db.inTransaction) this.connection.db.exec(statement)
    } catch (error) {
      if (this.connection.db.inTransaction) this.connection.db.exec('ROLLBACK')
      throw toDriverError(error)
    } finally {
      release()
    }
  }

  private assertOpen(): void {
    if (!this.#release) {
      throw new DriverAdapterError({ kind: 'TransactionAlreadyClosed', cause: 'transaction already finished' })
    }
  }
}

// ---- value conversion --------------------------------------------------------------------

function toSqliteArg(arg: unknown, type: ArgType | undefined): unknown {
  if (arg === null || arg === undefined) return null
  const scalar = type?.scalarType
  if (typeof arg === 'boolean') return arg ? 1 : 0
  if (typeof arg === 'string') {
    if (scalar === 'bigint') return BigInt(arg)
    if (scalar === 'int') return Number.parseInt(arg, 10)
    if (scalar === 'float' || scalar === 'decimal') return Number(arg)
    if (scalar === 'datetime') return new Date(arg).getTime()
    if (scalar === 'bytes') return Buffer.from(arg, 'base64')
  }
  // Timestamps are stored as Unix milliseconds: sortable, comparable in SQL, no time zone.
  if (arg instanceof Date) return arg.getTime()
  return arg
}

const DECLARED_TYPES: Record<string, ColumnType> = {
  INTEGER: ColumnTypeEnum.Int32,
  INT: ColumnTypeEnum.Int32,
  BIGINT: ColumnTypeEnum.Int64,
  REAL: ColumnTypeEnum.Double,
  DOUBLE: ColumnTypeEnum.Double,
  FLOAT: ColumnTypeEnum.Float,
  DECIMAL: ColumnTypeEnum.Numeric,
  NUMERIC: ColumnTypeEnum.Double,
  DATETIME: ColumnTypeEnum.DateTime,
  TIMESTAMP: ColumnTypeEnum.DateTime,
  DATE: ColumnTypeEnum.Date,
  TIME: ColumnTypeEnum.Time,
  TEXT: ColumnTypeEnum.Text,
  VARCHAR: ColumnTypeEnum.Text,
  BLOB: ColumnTypeEnum.Bytes,
  BOOLEAN: ColumnTypeEnum.Boolean,
  JSONB: ColumnTypeEnum.Json,
}

function resultColumnTypes(declared: Array<string | null>, rows: unknown[][]): ColumnType[] {
  return declared.map((decl, i) => {
    const known = decl ? DECLARED_TYPES[decl.toUpperCase()] : undefined
    if (known !== undefined) return known
    // Expressions (COUNT(*), SUM(...)) have no declared type: infer from the first value.
    const sample = rows.find((row) => row[i] !== null)?.[i]
    if (typeof sample === 'string') return ColumnTypeEnum.Text
    if (typeof sample === 'bigint') return ColumnTypeEnum.Int64
    if (typeof sample === 'number') return ColumnTypeEnum.UnknownNumber
    if (sample instanceof Uint8Array) return ColumnTypeEnum.Bytes
    return ColumnTypeEnum.Int32
  })
}

function toPrismaRow(row: unknown[], types: ColumnType[]): unknown[] {
  return row.map((value, i) => {
    if (types[i] === ColumnTypeEnum.DateTime && (typeof value === 'bigint' || typeof value === 'number')) {
      return new Date(Number(value)).toISOString()
    }
    if (typeof value === 'bigint') {
      // Prisma parses Int64 columns from strings losslessly; Int32 columns fit a number.
      return types[i] === ColumnTypeEnum.Int64 ? value.toString() : Number(value)
    }
    return value
  })
}

function toDriverError(error: unknown): DriverAdapterError {
  if (error instanceof DriverAdapterError) return error
  const code = (error as { code?: unknown })?.code
  const message = (error as { message?: unknown })?.message
  if (typeof code !== 'string' || typeof message !== 'string') {
    return new DriverAdapterError({ kind: 'sqlite', extendedCode: 1, message: String(error) })
  }
  return new DriverAdapterError({ ...mapSqliteError(code, message), originalCode: code, originalMessage: message })
}

function mapSqliteError(code: string, message: string): MappedError {
  const fields = () =>
    message
      .split('constraint failed: ')
      .at(1)
      ?.split(', ')
      .map((f) => f.split('.').pop() ?? f)
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY': {
      const f = fields()
      return { kind: 'UniqueConstraintViolation', constraint: f ? { fields: f } : undefined }
    }
    case 'SQLITE_CONSTRAINT_NOTNULL': {
      const f = fields()
      return { kind: 'NullConstraintViolation', constraint: f ? { fields: f } : undefined }
    }
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return { kind: 'ForeignKeyConstraintViolation', constraint: { foreignKey: {} } }
  }
  if (code.startsWith('SQLITE_BUSY')) return { kind: 'SocketTimeout' }
  if (message.startsWith('no such table')) return { kind: 'TableDoesNotExist', table: message.split(': ').at(1) }
  if (message.startsWith('no such column')) return { kind: 'ColumnNotFound', column: message.split(': ').at(1) }
  return { kind: 'sqlite', extendedCode: 1, message }
}
