import type { WriteTx } from '../db/write-tx.js'

/**
 * System accounts, one per currency. Issuance mirrors money created by admin top-ups (it is
 * the only account allowed below zero); escrows hold money promised but not yet delivered;
 * bank settlement and fees are the other side of money entering or leaving the wallet.
 */
export const SYSTEM_ACCOUNT_KINDS = ['issuance', 'red_packet_escrow', 'claim_escrow', 'bank_settlement', 'fees'] as const
export type SystemAccountKind = (typeof SYSTEM_ACCOUNT_KINDS)[number]

export const walletAccountCode = (userId: number, currency: string) => `wallet:${userId}:${currency}`
export const systemAccountCode = (kind: SystemAccountKind, currency: string) => `system:${kind}:${currency}`

/** Returns the system account's id, creating it on first use. */
export function systemAccountId(tx: WriteTx, kind: SystemAccountKind, currency: string): number {
  const code = systemAccountCode(kind, currency)
  const found = tx.get<{ id: bigint }>('SELECT id FROM accounts WHERE code = ?', code)
  if (found) return Number(found.id)
  return tx.insert(
    `INSERT INTO accounts (code, kind, user_id, currency, balance_minor, may_go_negative, created_at)
     VALUES (?, ?, NULL, ?, 0, ?, ?)`,
    code,
    kind,
    currency,
    kind === 'issuance' ? 1 : 0,
    tx.now.getTime(),
  )
}

/** Returns the user's wallet account id in a currency, opening it if needed. */
export function ensureWalletAccount(tx: WriteTx, userId: number, currency: string): number {
  const code = walletAccountCode(userId, currency)
  const found = tx.get<{ id: bigint }>('SELECT id FROM accounts WHERE code = ?', code)
  if (found) return Number(found.id)
  return tx.insert(
    `INSERT INTO accounts (code, kind, user_id, currency, balance_minor, may_go_negative, created_at)
     VALUES (?, 'wallet', ?, ?, 0, 0, ?)`,
    code,
    userId,
    currency,
    tx.now.getTime(),
  )
}
