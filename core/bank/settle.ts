import { asBigint, asNumber, type Tx } from '../db/port.js'
import { ensureWalletAccount, systemAccountId, writeOnSystemAccount } from '../ledger/accounts.js'
import { releaseFromHold, returnHold } from '../ledger/holds.js'
import { post } from '../ledger/posting.js'
import { enqueue } from '../outbox/outbox.js'
import { uncountSpending } from '../security/authorize.js'
import type { FundingDeps } from './funding.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { readOperation, type BankOperationView } from './operations.js'
import type { BankOutcome } from './gateway.js'

/** Waits between questions to the bank about one operation: 10 s, doubling, at most 30 min. */
export function checkBackoffMs(checks: number): number {
  return Math.min(10_000 * 2 ** Math.min(checks, 12), 30 * 60_000)
}

/**
 * Records what the bank answered about an operation, in one unit: a success moves the money
 * (a top-up's credit; a withdrawal's escrow to the bank and the fee), a decline gives a
 * withdrawal's escrow back; no answer yet leaves it pending for the job, asked again later.
 * Only a submitted or pending operation moves: an answer that arrives twice, late, or after
 * another instance recorded one, finds it settled and changes nothing. A settled outcome's
 * notice commits with it, so the owner hears of it even if the process dies before the
 * confirm's card is edited (the edge that shows the card takes the notice by its key).
 */
export function settleOutcome(deps: Pick<FundingDeps, 'db'>, token: string, outcome: BankOutcome): Promise<BankOperationView> {
  return writeOnSystemAccount(deps.db, 'bank_settlement', async (tx) => {
    const row = await tx.get<Record<string, unknown>>('SELECT * FROM bank_operations WHERE token = ? FOR UPDATE', token)
    if (!row) throw new Error(`bank operation ${token} not found`)
    if (row.status !== 'submitting' && row.status !== 'pending') return (await readOperation(tx, 'o.id = ?', asNumber(row.id)))!
    let balanceAfterMinor: bigint | null = null
    if (outcome.status === 'succeeded') {
      balanceAfterMinor = await (row.kind === 'topup' ? creditTopUp(tx, row) : payOutWithdrawal(tx, row))
      await tx.run(`UPDATE bank_operations SET status = 'succeeded', bank_reference = ?, settled_at = ? WHERE id = ?`, outcome.bankReference, tx.now, asNumber(row.id))
    } else if (outcome.status === 'declined') {
      balanceAfterMinor = row.kind === 'withdrawal' ? await returnWithdrawal(tx, row) : null
      await tx.run(`UPDATE bank_operations SET status = 'declined', decline_reason = ?, settled_at = ? WHERE id = ?`, outcome.reason, tx.now, asNumber(row.id))
    } else {
      const checks = asNumber(row.checks)
      await tx.run(`UPDATE bank_operations SET status = 'pending', checks = ?, next_check_at = ? WHERE id = ?`, checks + 1, new Date(tx.now.getTime() + checkBackoffMs(checks)), asNumber(row.id))
    }
    const operation = { ...(await readOperation(tx, 'o.id = ?', asNumber(row.id)))!, balanceAfterMinor }
    if (operation.status === 'succeeded' || operation.status === 'declined') await noticeOf(tx, operation)
    return operation
  })
}

/** A top-up the bank charged: from bank settlement into the wallet. */
async function creditTopUp(tx: Tx, row: Record<string, unknown>): Promise<bigint> {
  const currency = row.currency as string
  const posting = await post(tx, {
    idempotencyKey: idempotencyKeys.bankTopUp(row.token as string),
    kind: 'bank_topup',
    transfers: [
      {
        debitAccountId: await systemAccountId(tx, 'bank_settlement', currency),
        creditAccountId: await ensureWalletAccount(tx, asNumber(row.user_id), currency),
        amountMinor: asBigint(row.amount_minor),
        currency,
      },
    ],
  })
  await tx.run('UPDATE bank_operations SET posting_id = ? WHERE id = ?', posting.postingId, asNumber(row.id))
  return posting.transfers[0]!.creditBalanceAfterMinor
}

/** A withdrawal the bank paid: the amount from escrow to bank settlement (the operation's posting), the fee to the fees account. */
async function payOutWithdrawal(tx: Tx, row: Record<string, unknown>): Promise<null> {
  const token = row.token as string
  const currency = row.currency as string
  const holdId = asNumber(row.hold_id)
  const payout = await releaseFromHold(tx, { idempotencyKey: idempotencyKeys.withdrawalPayout(token), kind: 'withdrawal_payout', holdId, toAccountId: await systemAccountId(tx, 'bank_settlement', currency), amountMinor: asBigint(row.amount_minor) })
  await tx.run('UPDATE bank_operations SET posting_id = ? WHERE id = ?', payout.postingId, asNumber(row.id))
  const feeMinor = asBigint(row.fee_minor)
  if (feeMinor > 0n) await releaseFromHold(tx, { idempotencyKey: idempotencyKeys.withdrawalFee(token), kind: 'withdrawal_fee', holdId, toAccountId: await systemAccountId(tx, 'fees', currency), amountMinor: feeMinor })
  return null
}

/** A withdrawal the bank refused: amount and fee back to the wallet, the free allowance it used, and its place in the day's limit. */
async function returnWithdrawal(tx: Tx, row: Record<string, unknown>): Promise<bigint | null> {
  const userId = asNumber(row.user_id)
  const returned = await returnHold(tx, { holdId: asNumber(row.hold_id), status: 'returned', kind: 'withdrawal_return' })
  await tx.run('UPDATE users SET withdrawal_free_used_minor = withdrawal_free_used_minor - ? WHERE id = ?', asBigint(row.free_allowance_minor), userId)
  await uncountSpending(tx, userId, row.spending_day as string, asBigint(row.amount_minor) + asBigint(row.fee_minor))
  return returned?.posting?.transfers[0]!.creditBalanceAfterMinor ?? null
}

function noticeOf(tx: Tx, operation: BankOperationView): Promise<void> {
  return enqueue(tx, {
    dedupeKey: noticeKeys.bankOperationSettled(operation.token),
    type: 'bank_operation_settled',
    userId: operation.userId,
    data: {
      kind: operation.kind,
      status: operation.status,
      reason: operation.declineReason,
      amountMinor: operation.amountMinor.toString(),
      feeMinor: operation.feeMinor.toString(),
      currency: operation.currency,
      bankCode: operation.card.bankCode,
      cardType: operation.card.cardType,
      last4: operation.card.last4,
      balanceAfterMinor: operation.balanceAfterMinor === null ? null : operation.balanceAfterMinor.toString(),
    },
  })
}
