import { authorizeDebit, type DebitFlow } from '../security/authorize.js'
import type { Database } from '../db/database.js'
import type { Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { ensureWalletAccount, knownAccountId, walletAccountCode } from '../ledger/accounts.js'
import { applyPosting, claimKey, type PostingResult } from '../ledger/posting.js'
import { heldByHold, holdForReview, type HeldPayment } from '../security/review.js'
import type { SecurityRules, WalletConfig } from './config.js'
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
  /** Null when the payment was held for review: the payee has nothing yet. */
  toBalanceAfterMinor: bigint | null
  /** Set when the risk rules held the payment for an admin's review (review.ts): its money waits in escrow. */
  held: Pick<HeldPayment, 'id' | 'reasons'> | null
  createdAt: Date
}

/**
 * Moves money between two users' wallets at once — or, when the risk rules hold it, into the
 * review escrow until an admin decides (the receipt says so). Same key, same request → the
 * first receipt again (a double tap pays once); the payer's balance can never go below zero.
 */
export async function transfer(db: Database, config: WalletConfig, command: TransferCommand): Promise<TransferReceipt> {
  assertPaymentAmount(config, command.amountMinor)
  const memo = normalizeMemo(config, command.memo)
  if (command.fromUserId === command.toUserId) throw new DomainError('SELF_TRANSFER')
  return db.write((tx) => transferInTx(tx, config, config.currency, { ...command, memo }, 'transfer', null))
}

export async function transferInTx(
  tx: Tx,
  rules: SecurityRules,
  currency: string,
  command: TransferCommand & { memo: string | null },
  flow: DebitFlow,
  /** The payment as a keypad names it (DebitIntent.target). */
  target: string | null,
): Promise<TransferReceipt> {
  const fromAccountId = await userWalletAccountId(tx, command.fromUserId, currency)
  const toAccountId = await userWalletAccountId(tx, command.toUserId, currency)
  const request = {
    idempotencyKey: command.idempotencyKey,
    kind: 'transfer',
    memo: command.memo,
    actorTelegramId: command.actorTelegramId,
    transfers: [{ debitAccountId: fromAccountId, creditAccountId: toAccountId, amountMinor: command.amountMinor, currency }],
  }
  // Authorized before the money moves: a hold sends it to the review escrow instead.
  const claimed = await claimKey(tx, request)
  if ('replay' in claimed) {
    const { replay } = claimed
    return receiptOf(replay, command, replay.holdId === null ? null : await heldByHold(tx, replay.holdId))
  }
  const { postingId } = claimed
  const { fromUserId, amountMinor } = command
  const review = await authorizeDebit(tx, rules, { postingId, userId: fromUserId, amountMinor, currency, flow, target, payeeAccountId: toAccountId })
  if (!review) return receiptOf(await applyPosting(tx, postingId, request), command, null)
  const payment = { ...command, postingId, payerUserId: fromUserId, payeeUserId: command.toUserId, payerAccountId: fromAccountId, currency }
  const { held, posting } = await holdForReview(tx, payment, review, rules.reviewTimeoutMs)
  return receiptOf(posting, command, held)
}

/**
 * Payer and payee must be known users; a wallet opens on the first money it gets. An
 * existing wallet account proves its user exists (accounts reference users), so the user is
 * looked up only when the wallet is new.
 */
export async function userWalletAccountId(tx: Tx, userId: number, currency: string): Promise<number> {
  const code = walletAccountCode(userId, currency)
  const known = knownAccountId(tx, code)
  if (known !== undefined) return known
  if (!(await tx.get('SELECT 1 FROM users WHERE id = ?', userId))) throw new DomainError('USER_NOT_FOUND')
  return ensureWalletAccount(tx, userId, currency, code)
}

function receiptOf(result: PostingResult, command: Pick<TransferCommand, 'fromUserId' | 'toUserId'>, held: HeldPayment | null): TransferReceipt {
  const [leg] = result.transfers
  if (!leg) throw new Error(`posting ${result.postingId} has no transfer`)
  return {
    postingId: result.postingId,
    idempotencyKey: result.idempotencyKey,
    fromUserId: command.fromUserId,
    toUserId: command.toUserId,
    amountMinor: leg.amountMinor,
    currency: leg.currency,
    memo: result.memo,
    fromBalanceAfterMinor: leg.debitBalanceAfterMinor,
    toBalanceAfterMinor: held === null ? leg.creditBalanceAfterMinor : null,
    held: held && { id: held.id, reasons: held.reasons },
    createdAt: result.createdAt,
  }
}
