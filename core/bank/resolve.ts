import type { Database } from '../db/database.js'
import { asBigint } from '../db/port.js'
import { sendToBank, type FundingDeps } from './funding.js'
import type { BankOperationKind, BankOperationView } from './operations.js'
import type { BankOutcome } from './gateway.js'
import { settleOutcome } from './settle.js'

/**
 * The job that finishes what the bank left open: every submitted operation without a final
 * answer (a timeout, a pending bank, a process that died mid-call) whose next check is due.
 * The bank is asked what became of it; one it never received is sent again under the same
 * key (so at most one of the two can happen at the bank). Returns how many settled.
 */
export async function resolvePendingOperations(deps: FundingDeps, limit = 50): Promise<number> {
  let settled = 0
  for (const due of await dueOperations(deps.db, limit)) {
    const answer = await deps.bank.query(due.token).catch((): BankOutcome => ({ status: 'unknown' }))
    const request = { operationId: due.token, agreementId: due.agreementId, amountMinor: due.amountMinor, currency: due.currency }
    const operation: BankOperationView =
      answer.status === 'not_found' ? await sendToBank(deps, request, due.kind) : await settleOutcome(deps, due.token, answer)
    if (operation.status === 'succeeded' || operation.status === 'declined') settled++
  }
  return settled
}

async function dueOperations(db: Database, limit: number) {
  const rows = await db.read((tx) =>
    tx.all<Record<string, unknown>>(
      `SELECT o.token, o.kind, o.amount_minor, o.currency, c.agreement_id FROM bank_operations o JOIN bank_cards c ON c.id = o.card_id
       WHERE o.status IN ('submitting', 'pending') AND o.next_check_at <= ? ORDER BY o.next_check_at, o.id LIMIT ${Math.trunc(limit)}`,
      tx.now,
    ),
  )
  return rows.map((row) => ({
    token: row.token as string,
    kind: row.kind as BankOperationKind,
    amountMinor: asBigint(row.amount_minor),
    currency: row.currency as string,
    agreementId: row.agreement_id as string,
  }))
}
