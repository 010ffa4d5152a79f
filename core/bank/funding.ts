import type { Database } from '../db/database.js'
import { asBigint, asDate, asNumber, RetryUnit, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { idempotencyKeys } from '../common/keys.js'
import { newToken } from '../common/tokens.js'
import { ensureWalletAccount, systemAccountId, writeOnSystemAccount } from '../ledger/accounts.js'
import { holdClaimedPosting } from '../ledger/holds.js'
import { claimKey } from '../ledger/posting.js'
import { authorizeDebit, dayOf } from '../security/authorize.js'
import { ENTRY_TTL_MS, entryTargets, hasVerifiedEntry, useVerifiedEntry } from '../security/password-entry.js'
import type { WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount } from '../wallet/payment-guards.js'
import { ownCard } from './cards.js'
import { readOperation, type BankOperationKind, type BankOperationView } from './operations.js'
import type { BankGateway, BankOutcome, MoneyRequest } from './gateway.js'
import { settleOutcome } from './settle.js'
import { withdrawalFee } from './withdrawal-fee.js'

/*
 * Money between the wallet and a bank card: a top-up (充值) charges the card and credits the
 * wallet; a withdrawal (提现) holds the amount and its fee in escrow and has the bank pay the
 * card. An operation is a row that only moves forward, each step one conditional update:
 *
 *   awaiting_password ─confirm─▶ submitting ─answer─▶ succeeded | declined
 *          │                          │
 *          └─▶ expired                └─no answer─▶ pending ─job (query / resubmit)─▶ succeeded | declined
 *
 * The bank is called between units of work, under the operation's token as its idempotency
 * key, so a resubmission after a crash or a timeout happens at most once at the bank; the
 * money moves in the unit that records the bank's answer (settle.ts), once per operation.
 */

export interface FundingDeps {
  db: Database
  bank: BankGateway
  config: WalletConfig
}

/** How long a prepared operation waits for its password (as long as a keypad lives). */
export const OPERATION_TTL_MS = ENTRY_TTL_MS
/** A submission not answered by then (the process died mid-call) is looked into by the job. */
export const SUBMIT_GRACE_MS = 30_000

/**
 * The card the operation shows before the password: amount, card, and for a withdrawal the
 * fee as of now (confirm refuses if it changed meanwhile). Nothing moves yet.
 */
export async function prepareOperation(
  deps: Pick<FundingDeps, 'db' | 'config'>,
  request: { userId: number; cardToken: string; kind: BankOperationKind; amountMinor: bigint },
): Promise<BankOperationView> {
  assertPaymentAmount(deps.config, request.amountMinor)
  return deps.db.write(async (tx) => {
    const card = await ownCard(tx, request.userId, request.cardToken)
    const fee = request.kind === 'withdrawal' ? withdrawalFee(deps.config.bank, await allowanceUsed(tx, request.userId), request.amountMinor) : { feeMinor: 0n, freeMinor: 0n }
    const id = await tx.insert(
      `INSERT INTO bank_operations (token, kind, user_id, card_id, amount_minor, fee_minor, free_allowance_minor, currency, status, checks, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'awaiting_password', 0, ?, ?)`,
      newToken(),
      request.kind,
      request.userId,
      card.id,
      request.amountMinor,
      fee.feeMinor,
      fee.freeMinor,
      deps.config.currency,
      new Date(tx.now.getTime() + OPERATION_TTL_MS),
      tx.now,
    )
    return (await readOperation(tx, 'o.id = ?', id!))!
  })
}

/** One of the owner's operations (a foreign or unknown token: BANK_OPERATION_NOT_FOUND). */
export function getOperation(db: Database, userId: number, token: string): Promise<BankOperationView> {
  return db.read(async (tx) => ownOperation(await readOperation(tx, 'o.token = ?', token), userId))
}

/**
 * The owner gave the password for exactly this operation (entryTargets.bankOperation): a
 * withdrawal passes the authorization step (risk, the daily limit) and its amount and fee go
 * into escrow; then the bank is asked. Pressed twice, or after it was answered, it returns
 * the operation as it stands: nothing is sent or moved twice.
 */
export async function confirmOperation(deps: FundingDeps, userId: number, token: string): Promise<BankOperationView> {
  const submitted = await writeOnSystemAccount(deps.db, 'withdrawal_escrow', (tx) => submit(tx, deps.config, userId, token))
  if ('standing' in submitted) return submitted.standing
  return sendToBank(deps, submitted.request, submitted.kind)
}

/** Asks the bank (charge or payout) and records its answer; no answer is `unknown`. */
export async function sendToBank(deps: FundingDeps, request: MoneyRequest, kind: BankOperationKind): Promise<BankOperationView> {
  const ask = kind === 'topup' ? deps.bank.charge(request) : deps.bank.payout(request)
  const outcome = await ask.catch((): BankOutcome => ({ status: 'unknown' }))
  return settleOutcome(deps, request.operationId, outcome)
}

async function submit(
  tx: Tx,
  config: WalletConfig,
  userId: number,
  token: string,
): Promise<{ standing: BankOperationView } | { request: MoneyRequest; kind: BankOperationKind }> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM bank_operations WHERE token = ? FOR UPDATE', token)
  if (!row || asNumber(row.user_id) !== userId) throw new DomainError('BANK_OPERATION_NOT_FOUND')
  const operation = (await readOperation(tx, 'o.id = ?', asNumber(row.id)))!
  if (operation.status !== 'awaiting_password') return { standing: operation }
  // The refusal rolls the unit back; expireOperations closes the row.
  if (asDate(row.expires_at) <= tx.now) throw new DomainError('BANK_OPERATION_EXPIRED')
  const card = await ownCard(tx, userId, operation.card.token, { lock: true })
  const target = entryTargets.bankOperation(token)
  if (!(await hasVerifiedEntry(tx, userId, target))) throw new DomainError('PASSWORD_REQUIRED', {}, { ownerUserId: userId })
  const escrow = operation.kind === 'withdrawal' ? await escrowWithdrawal(tx, config, row, target) : null
  await useVerifiedEntry(tx, userId, target) // a withdrawal's authorization may have used it already
  await tx.run(
    `UPDATE bank_operations SET status = 'submitting', hold_id = ?, spending_day = ?, submitted_at = ?, next_check_at = ? WHERE id = ? AND status = 'awaiting_password'`,
    escrow?.holdId ?? null,
    escrow?.spendingDay ?? null,
    tx.now,
    new Date(tx.now.getTime() + SUBMIT_GRACE_MS),
    asNumber(row.id),
  )
  return { request: { operationId: token, agreementId: card.agreementId, amountMinor: operation.amountMinor, currency: operation.currency }, kind: operation.kind }
}

/**
 * A withdrawal's money leaves the wallet: the authorization step for amount + fee, then a
 * hold of both in the withdrawal escrow, and the free allowance it uses taken — refused
 * (WITHDRAWAL_FEE_CHANGED) if another withdrawal used it since the card showed the fee.
 */
async function escrowWithdrawal(tx: Tx, config: WalletConfig, row: Record<string, unknown>, target: string): Promise<{ holdId: number; spendingDay: string }> {
  const userId = asNumber(row.user_id)
  const amountMinor = asBigint(row.amount_minor)
  const used = await allowanceUsed(tx, userId)
  const fee = withdrawalFee(config.bank, used, amountMinor)
  if (fee.feeMinor !== asBigint(row.fee_minor) || fee.freeMinor !== asBigint(row.free_allowance_minor)) throw new DomainError('WITHDRAWAL_FEE_CHANGED')
  const totalMinor = amountMinor + fee.feeMinor
  const currency = row.currency as string
  const walletAccountId = await ensureWalletAccount(tx, userId, currency)
  const hold = {
    idempotencyKey: idempotencyKeys.withdrawalHold(row.token as string),
    kind: 'withdrawal' as const,
    sourceAccountId: walletAccountId,
    currency,
    amountMinor: totalMinor,
    // The bank decides, not a clock: the hold closes when its answer is recorded.
    expiresAt: new Date('9999-12-31T00:00:00Z'),
  }
  const escrowAccountId = await systemAccountId(tx, 'withdrawal_escrow', currency)
  const claimed = await claimKey(tx, { idempotencyKey: hold.idempotencyKey, kind: 'withdrawal_hold', transfers: [{ debitAccountId: walletAccountId, creditAccountId: escrowAccountId, amountMinor: totalMinor, currency }] })
  // The same unit moves the operation on from awaiting_password: a second escrow cannot be asked for.
  if ('replay' in claimed) throw new Error(`withdrawal ${row.token as string} was escrowed already`)
  await authorizeDebit(tx, config, { postingId: claimed.postingId, userId, amountMinor: totalMinor, currency, flow: 'withdrawal', target, payeeAccountId: null })
  const { hold: opened } = await holdClaimedPosting(tx, claimed.postingId, hold)
  const taken = await tx.run('UPDATE users SET withdrawal_free_used_minor = withdrawal_free_used_minor + ? WHERE id = ? AND withdrawal_free_used_minor = ?', fee.freeMinor, userId, used)
  if (taken === 0) throw new RetryUnit(`the free withdrawal allowance of user ${userId} changed`)
  // The day the authorization counted it on: a refused payout takes it back out of that day (settle.ts).
  return { holdId: opened.id, spendingDay: dayOf(tx.now, config.timeZone) }
}

async function allowanceUsed(tx: Tx, userId: number): Promise<bigint> {
  const row = await tx.get<{ withdrawal_free_used_minor: unknown }>('SELECT withdrawal_free_used_minor FROM users WHERE id = ?', userId)
  if (!row) throw new DomainError('USER_NOT_FOUND')
  return asBigint(row.withdrawal_free_used_minor)
}

function ownOperation(operation: BankOperationView | undefined, userId: number): BankOperationView {
  if (!operation || operation.userId !== userId) throw new DomainError('BANK_OPERATION_NOT_FOUND')
  return operation
}

/** Unconfirmed operations whose time ran out: nothing had moved, nothing moves. */
export function expireOperations(db: Database, limit = 500): Promise<number> {
  return db.write((tx) =>
    tx.run(
      `UPDATE bank_operations SET status = 'expired' WHERE id IN (SELECT id FROM bank_operations WHERE status = 'awaiting_password' AND expires_at <= ? ORDER BY id LIMIT ${Math.trunc(limit)})`,
      tx.now,
    ),
  )
}
