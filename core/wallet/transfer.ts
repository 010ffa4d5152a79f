import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'
import { DomainError } from '../errors.js'
import { ensureWalletAccount } from '../ledger/accounts.js'
import { post, type PostingResult } from '../ledger/posting.js'
import type { WalletConfig } from './config.js'
import { assertPaymentAmount, normalizeMemo } from './payment-guards.js'

export interface TransferCommand {
  idempotencyKey: string
  fromUserId: number
  toUserId: number
  amountMinor: bigint
  memo?: string | null
  /** The payer's Telegram id, kept on the posting for the audit trail. */
  actorTelegramId?: bigint | null
}

export interface TransferReceipt {
  postingId: number
  idempotencyKey: string
  fromUserId: number
  toUserId: number
  amountMinor: bigint
  currency: string
  memo: string | null
  fromBalanceAfterMinor: bigint
  toBalanceAfterMinor: bigint
  createdAt: Date
}

/**
 * Moves money between two users' wallets at once. Same key, same request → the first
 * receipt again (a double tap pays once); the payer's balance can never go below zero.
 */
export async function transfer(db: Database, config: WalletConfig, command: TransferCommand): Promise<TransferReceipt> {
  assertPaymentAmount(config, command.amountMinor)
  const memo = normalizeMemo(config, command.memo)
  if (command.fromUserId === command.toUserId) throw new DomainError('SELF_TRANSFER')
  return db.writer.run((tx) => transferInTx(tx, config.currency, { ...command, memo }))
}

export function transferInTx(tx: WriteTx, currency: string, command: TransferCommand & { memo: string | null }): TransferReceipt {
  const fromAccountId = userWalletAccountId(tx, command.fromUserId, currency)
  const toAccountId = userWalletAccountId(tx, command.toUserId, currency)
  const result = post(tx, {
    idempotencyKey: command.idempotencyKey,
    kind: 'transfer',
    memo: command.memo,
    actorTelegramId: command.actorTelegramId,
    transfers: [{ debitAccountId: fromAccountId, creditAccountId: toAccountId, amountMinor: command.amountMinor, currency }],
  })
  return receiptOf(result, command.fromUserId, command.toUserId)
}

/** Payer and payee must be known users; a wallet opens on the first money it gets. */
export function userWalletAccountId(tx: WriteTx, userId: number, currency: string): number {
  if (!tx.get('SELECT 1 FROM users WHERE id = ?', userId)) throw new DomainError('USER_NOT_FOUND')
  return ensureWalletAccount(tx, userId, currency)
}

function receiptOf(result: PostingResult, fromUserId: number, toUserId: number): TransferReceipt {
  const [leg] = result.transfers
  if (!leg) throw new Error(`posting ${result.postingId} has no transfer`)
  return {
    postingId: result.postingId,
    idempotencyKey: result.idempotencyKey,
    fromUserId,
    toUserId,
    amountMinor: leg.amountMinor,
    currency: leg.currency,
    memo: result.memo,
    fromBalanceAfterMinor: leg.debitBalanceAfterMinor,
    toBalanceAfterMinor: leg.creditBalanceAfterMinor,
    createdAt: result.createdAt,
  }
}
