import type { Database } from '../db/database.js'
import type { Tx, UnitOfWork } from '../db/port.js'

/**
 * System accounts, one per currency. Issuance mirrors money created by admin top-ups; bank
 * settlement mirrors money that came in from bank cards less what went out to them (the two
 * may go below zero); escrows hold money promised but not yet delivered (a withdrawal's while
 * the bank pays it out); fees collects withdrawal fees.
 */
export const SYSTEM_ACCOUNT_KINDS = ['issuance', 'red_packet_escrow', 'claim_escrow', 'review_escrow', 'withdrawal_escrow', 'bank_settlement', 'fees'] as const
export type SystemAccountKind = (typeof SYSTEM_ACCOUNT_KINDS)[number]

export const walletAccountCode = (userId: number, currency: string) => `wallet:${userId}:${currency}`
export const systemAccountCode = (kind: SystemAccountKind, currency: string) => `system:${kind}:${currency}`

/**
 * A unit of work that moves money through a system account (an escrow, issuance): every such
 * unit updates that one row, so they are written one after another rather than meeting on
 * its lock (WriteOptions.contends).
 */
export function writeOnSystemAccount<T>(db: Database, kind: SystemAccountKind, unit: UnitOfWork<T>): Promise<T> {
  return db.write(unit, { contends: `system:${kind}` })
}

const MEMO_CAPACITY = 200_000

/**
 * The id of an account this process has seen committed, without a query; else undefined.
 * Remembered under its code, which is namespaced already (`wallet:…`, `system:…`).
 */
export const knownAccountId = (tx: Tx, code: string): number | undefined => tx.memo.get(code) as number | undefined

/** Returns the system account's id, creating it on first use. */
export function systemAccountId(tx: Tx, kind: SystemAccountKind, currency: string): Promise<number> {
  return accountId(tx, systemAccountCode(kind, currency), { kind, userId: null, currency, mayGoNegative: kind === 'issuance' || kind === 'bank_settlement' })
}

/** Returns the user's wallet account id in a currency, opening it if needed. */
export function ensureWalletAccount(tx: Tx, userId: number, currency: string, code = walletAccountCode(userId, currency)): Promise<number> {
  return accountId(tx, code, { kind: 'wallet', userId, currency, mayGoNegative: false })
}

/** A merchant's takings account in a currency (kind `merchant`, no user: its bills are the merchant's, not the owner's). */
export function ensureMerchantAccount(tx: Tx, merchantId: number, currency: string): Promise<number> {
  return accountId(tx, `merchant:${merchantId}:${currency}`, { kind: 'merchant', userId: null, currency, mayGoNegative: false })
}

/**
 * The account's id, opening it when it does not exist yet. Two units may open the same
 * account at once (two instances; a first payment and a first top-up): the insert does
 * nothing when the code exists already, and the lookup after it finds the winner's row.
 * An account is never deleted and its code never changes, so an id seen committed is
 * remembered for the database (`tx.memo`) and the lookup skipped next time.
 */
async function accountId(tx: Tx, code: string, account: { kind: string; userId: number | null; currency: string; mayGoNegative: boolean }): Promise<number> {
  const known = knownAccountId(tx, code)
  if (known !== undefined) return known
  const found = await tx.get<{ id: unknown }>('SELECT id FROM accounts WHERE code = ?', code)
  if (found) {
    if (tx.memo.size >= MEMO_CAPACITY) tx.memo.clear()
    tx.memo.set(code, Number(found.id))
    return Number(found.id)
  }
  const created = await tx.insert(
    `INSERT INTO accounts (code, kind, user_id, currency, balance_minor, may_go_negative, created_at)
     VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (code) DO NOTHING`,
    code,
    account.kind,
    account.userId,
    account.currency,
    account.mayGoNegative,
    tx.now,
  )
  // Not remembered yet: this unit could still roll back, and its new account with it.
  if (created !== undefined) return created
  const winner = await tx.get<{ id: unknown }>('SELECT id FROM accounts WHERE code = ?', code)
  return Number(winner!.id)
}
