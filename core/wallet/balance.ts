import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'
import { DomainError } from '../errors.js'
import { walletAccountCode } from '../ledger/accounts.js'

export interface Balance {
  userId: number
  currency: string
  balanceMinor: bigint
}

/**
 * A user's balance; zero for a currency they never held (no account is created by looking).
 * The most frequent read of all, so one prepared statement rather than a Prisma query (about
 * 8× cheaper; measured by the bot benchmark).
 */
export async function getBalance(db: Database, userId: number, currency: string): Promise<Balance> {
  const balanceMinor = await db.read((tx) => balanceInTx(tx, userId, currency), { snapshot: false })
  return { userId, currency, balanceMinor }
}

function balanceInTx(tx: WriteTx, userId: number, currency: string): bigint {
  return tx.get<{ balance_minor: bigint }>('SELECT balance_minor FROM accounts WHERE code = ?', walletAccountCode(userId, currency))?.balance_minor ?? 0n
}

/**
 * Refuses early, on a card or a draft, when the balance is already too low — a courtesy, not
 * the guarantee: the conditional debit checks again when the money really moves.
 */
export function assertAffordableInTx(tx: WriteTx, userId: number, currency: string, amountMinor: bigint): void {
  const balanceMinor = balanceInTx(tx, userId, currency)
  if (balanceMinor < amountMinor) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      { balanceMinor: balanceMinor.toString(), amountMinor: amountMinor.toString(), currency },
      { ownerUserId: userId },
    )
  }
}
