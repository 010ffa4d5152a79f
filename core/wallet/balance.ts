import type { Database } from '../db/database.js'
import { walletAccountCode } from '../ledger/accounts.js'

export interface Balance {
  userId: number
  currency: string
  balanceMinor: bigint
}

/** A user's balance; zero for a currency they never held (no account is created by looking). */
export async function getBalance(db: Database, userId: number, currency: string): Promise<Balance> {
  const account = await db.prisma.account.findUnique({
    where: { code: walletAccountCode(userId, currency) },
    select: { balanceMinor: true },
  })
  return { userId, currency, balanceMinor: account?.balanceMinor ?? 0n }
}
