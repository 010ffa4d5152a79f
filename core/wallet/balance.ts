import type { Database } from '../db/database.js'
import { asBigint, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { walletAccountCode } from '../ledger/accounts.js'

export interface Balance {
  userId: number
  currency: string
  balanceMinor: bigint
}

/**
 * A user's balance; zero for a currency they never held (no account is created by looking).
 * The most frequent read of all: one prepared statement, no snapshot.
 */
export async function getBalance(db: Database, userId: number, currency: string): Promise<Balance> {
  const balanceMinor = await db.read((tx) => balanceInTx(tx, userId, currency), { snapshot: false })
  return { userId, currency, balanceMinor }
}

/** A user's balance inside a unit of work (zero without an account). */
export async function balanceInTx(tx: Tx, userId: number, currency: string): Promise<bigint> {
  const row = await tx.get<{ balance_minor: unknown }>('SELECT balance_minor FROM accounts WHERE code = ?', walletAccountCode(userId, currency))
  return row ? asBigint(row.balance_minor) : 0n
}

/**
 * Refuses early, on a card or a draft, when the balance is already too low — a courtesy, not
 * the guarantee: the conditional debit checks again when the money really moves.
 */
export async function assertAffordableInTx(tx: Tx, userId: number, currency: string, amountMinor: bigint): Promise<void> {
  const balanceMinor = await balanceInTx(tx, userId, currency)
  if (balanceMinor < amountMinor) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      { balanceMinor: balanceMinor.toString(), amountMinor: amountMinor.toString(), currency },
      { ownerUserId: userId },
    )
  }
}
