/**
 * A month of journal for the statement bench, written straight into the tables (multi-row
 * INSERTs through the port, so on either engine) rather than through the core: 1.6 million
 * postings would take the ledger's own pace an hour. Shaped like the core writes them — a
 * top-up per wallet, then rounds in which every wallet pays a neighbour — with each entry's
 * balance-after computed as it goes, so the journal replays to the balances and statements
 * balance.
 */
import type { Database } from '../../core/db/database.js'
import type { SqlValue } from '../../core/db/port.js'
import { monthRange } from '../../core/statements/calendar.js'

export interface SeedPlan {
  users: number
  /** Payments each wallet makes (and about as many it receives). */
  rounds: number
  month: string
  timeZone: string
}

const ROWS_PER_STATEMENT = 1_000
const STATEMENTS_PER_UNIT = 20
const TOP_UP_MINOR = 100_000n

/** Buffers rows per table and writes them a unit of many multi-row INSERTs at a time. */
class Inserter {
  readonly #pending = new Map<string, SqlValue[][]>()
  #buffered = 0
  constructor(
    private readonly db: Database,
    private readonly columns: Record<string, string>,
  ) {}

  async add(table: string, row: SqlValue[]): Promise<void> {
    let rows = this.#pending.get(table)
    if (!rows) this.#pending.set(table, (rows = []))
    rows.push(row)
    if (++this.#buffered >= ROWS_PER_STATEMENT * STATEMENTS_PER_UNIT) await this.flush()
  }

  /** Tables in the order given (foreign keys point backwards), each in chunks. */
  async flush(): Promise<void> {
    const batches = [...Object.keys(this.columns)].map((table) => [table, this.#pending.get(table) ?? []] as const)
    this.#pending.clear()
    this.#buffered = 0
    await this.db.write(async (tx) => {
      for (const [table, rows] of batches) {
        for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
          const chunk = rows.slice(at, at + ROWS_PER_STATEMENT)
          const width = chunk[0]!.length
          const values = chunk.map(() => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ')
          await tx.run(`INSERT INTO ${table} (${this.columns[table]}) VALUES ${values}`, ...chunk.flat())
        }
      }
    })
  }
}

const COLUMNS = {
  users: 'id, telegram_id, username, first_name, started_at, created_at, updated_at',
  accounts: 'id, code, kind, user_id, currency, balance_minor, may_go_negative, created_at',
  postings: 'id, idempotency_key, request_hash, kind, created_at',
  transfers: 'id, posting_id, debit_account_id, credit_account_id, amount_minor, currency, created_at',
  entries: 'id, transfer_id, account_id, amount_minor, balance_after_minor, created_at',
}

/** Wallet ids are 1…users; the issuance account is users + 1. Returns the entries written. */
export async function seedMonth(db: Database, plan: SeedPlan): Promise<number> {
  const { from, to } = monthRange(plan.month, plan.timeZone)
  const span = to.getTime() - from.getTime()
  const insert = new Inserter(db, COLUMNS)
  const created = new Date(from.getTime() - 86_400_000)
  const issuance = plan.users + 1
  for (let id = 1; id <= plan.users; id++) {
    await insert.add('users', [id, 7_000_000_000 + id, `bench_${id}`, `Bench ${id}`, created, created, created])
    await insert.add('accounts', [id, `wallet:${id}:CNY`, 'wallet', id, 'CNY', 0n, false, created])
  }
  await insert.add('accounts', [issuance, 'system:issuance:CNY', 'issuance', null, 'CNY', 0n, true, created])
  await insert.flush()

  const balances = new Array<bigint>(plan.users + 2).fill(0n)
  let posting = 0
  let entry = 0
  const move = async (debit: number, credit: number, amountMinor: bigint, at: Date, kind: string) => {
    posting++
    await insert.add('postings', [posting, `bench-${posting}`, 'bench', kind, at])
    await insert.add('transfers', [posting, posting, debit, credit, amountMinor, 'CNY', at])
    balances[debit]! -= amountMinor
    balances[credit]! += amountMinor
    await insert.add('entries', [++entry, posting, debit, -amountMinor, balances[debit]!, at])
    await insert.add('entries', [++entry, posting, credit, amountMinor, balances[credit]!, at])
  }
  for (let id = 1; id <= plan.users; id++) await move(issuance, id, TOP_UP_MINOR, new Date(from.getTime() + id), 'topup')
  for (let round = 1; round <= plan.rounds; round++) {
    for (let id = 1; id <= plan.users; id++) {
      const at = new Date(from.getTime() + Math.floor((span * round) / (plan.rounds + 1)) + id)
      const payee = ((id - 1 + round * 7) % plan.users) + 1
      await move(id, payee === id ? (id % plan.users) + 1 : payee, BigInt(((id + round) % 50) + 1) * 100n, at, 'transfer')
    }
  }
  await insert.flush()
  await db.write(async (tx) => {
    for (let id = 1; id <= issuance; id++) await tx.run('UPDATE accounts SET balance_minor = ? WHERE id = ?', balances[id]!, id)
  })
  return entry
}
