import Database from 'better-sqlite3'
import type { BankDecline } from '../../core/bank/gateway.js'

/*
 * The sandbox bank's own books, apart from the wallet's: its bindings and codes, its
 * agreements (bound cards), and every charge and payout it received, by the caller's
 * operation id (its idempotency key). An in-memory database unless given a file.
 */

export interface BindingRow {
  id: string
  reference: string
  card_number: string
  phone: string
  code: string
  tries_left: number
  expires_at: number
  status: 'code_sent' | 'bound' | 'failed'
}

export interface OperationRow {
  operation_id: string
  kind: 'charge' | 'payout'
  agreement_id: string | null
  amount_minor: string
  currency: string
  status: 'succeeded' | 'declined' | 'pending'
  reason: BankDecline | null
  /** What a pending operation becomes at settles_at. */
  settles_as: 'succeeded' | 'declined' | null
  settles_at: number | null
  bank_reference: string | null
  settled_at: number | null
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS bindings (id TEXT PRIMARY KEY, reference TEXT NOT NULL, card_number TEXT NOT NULL, phone TEXT NOT NULL, code TEXT NOT NULL,
  tries_left INTEGER NOT NULL, expires_at INTEGER NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agreements (id TEXT PRIMARY KEY, card_number TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS operations (operation_id TEXT PRIMARY KEY, kind TEXT NOT NULL, agreement_id TEXT, amount_minor TEXT NOT NULL, currency TEXT NOT NULL,
  status TEXT NOT NULL, reason TEXT, settles_as TEXT, settles_at INTEGER, bank_reference TEXT, settled_at INTEGER);
`

export class SandboxStore {
  readonly #db: Database.Database

  constructor(file = ':memory:') {
    this.#db = new Database(file)
    this.#db.pragma('journal_mode = WAL')
    this.#db.exec(SCHEMA)
  }

  addBinding(row: BindingRow): void {
    this.#db.prepare('INSERT INTO bindings VALUES (@id, @reference, @card_number, @phone, @code, @tries_left, @expires_at, @status)').run(row)
  }
  binding(id: string): BindingRow | undefined {
    return this.#db.prepare('SELECT * FROM bindings WHERE id = ?').get(id) as BindingRow | undefined
  }
  updateBinding(id: string, change: Partial<Pick<BindingRow, 'tries_left' | 'status'>>): void {
    const row = { ...this.binding(id)!, ...change }
    this.#db.prepare('UPDATE bindings SET tries_left = ?, status = ? WHERE id = ?').run(row.tries_left, row.status, id)
  }

  addAgreement(id: string, cardNumber: string): void {
    this.#db.prepare('INSERT INTO agreements VALUES (?, ?, 1)').run(id, cardNumber)
  }
  /** The card of an active agreement. */
  agreementCard(id: string): string | undefined {
    return (this.#db.prepare('SELECT card_number FROM agreements WHERE id = ? AND active = 1').get(id) as { card_number: string } | undefined)?.card_number
  }
  endAgreement(id: string): void {
    this.#db.prepare('UPDATE agreements SET active = 0 WHERE id = ?').run(id)
  }

  /** Records an operation unless one with its id exists; returns the one that stands. */
  addOperation(row: OperationRow): OperationRow {
    this.#db
      .prepare(
        `INSERT INTO operations VALUES (@operation_id, @kind, @agreement_id, @amount_minor, @currency, @status, @reason, @settles_as, @settles_at, @bank_reference, @settled_at)
         ON CONFLICT (operation_id) DO NOTHING`,
      )
      .run(row)
    return this.operation(row.operation_id)!
  }
  operation(operationId: string): OperationRow | undefined {
    return this.#db.prepare('SELECT * FROM operations WHERE operation_id = ?').get(operationId) as OperationRow | undefined
  }
  /** Pending operations whose time came settle as planned. */
  settleDue(now: number, reference: (operationId: string) => string): void {
    const due = this.#db.prepare(`SELECT * FROM operations WHERE status = 'pending' AND settles_at <= ?`).all(now) as OperationRow[]
    const settle = this.#db.prepare('UPDATE operations SET status = ?, reason = ?, bank_reference = ?, settled_at = settles_at WHERE operation_id = ?')
    for (const row of due) {
      if (row.settles_as === 'succeeded') settle.run('succeeded', null, reference(row.operation_id), row.operation_id)
      else settle.run('declined', 'card_declined', null, row.operation_id)
    }
  }
  /** Succeeded operations settled in [from, to). */
  settledBetween(from: number, to: number): OperationRow[] {
    return this.#db.prepare(`SELECT * FROM operations WHERE status = 'succeeded' AND settled_at >= ? AND settled_at < ? ORDER BY settled_at`).all(from, to) as OperationRow[]
  }

  close(): void {
    this.#db.close()
  }
}
