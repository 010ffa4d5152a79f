import { DomainError } from '../errors.js'
import type { WriteTx } from '../db/write-tx.js'
import { systemAccountId, type SystemAccountKind } from './accounts.js'
import { apply, findReplay, type PostingResult } from './posting.js'

/** What a hold is for; each kind has its own escrow account. */
export type HoldKind = 'red_packet' | 'claim'

const ESCROW_OF: Record<HoldKind, SystemAccountKind> = {
  red_packet: 'red_packet_escrow',
  claim: 'claim_escrow',
}

export type HoldStatus = 'open' | 'settled' | 'returned' | 'expired'

export interface HoldRow {
  id: number
  kind: HoldKind
  sourceAccountId: number
  escrowAccountId: number
  currency: string
  amountMinor: bigint
  remainingMinor: bigint
  status: HoldStatus
  expiresAt: Date
}

interface Common {
  idempotencyKey: string
  memo?: string | null
  actorTelegramId?: bigint | null
}

/**
 * Two-phase money: moves `amountMinor` from the source account into the kind's escrow now
 * (refused with INSUFFICIENT_FUNDS like any debit) and records what is owed. Later it is paid
 * out in parts (`releaseFromHold`) and whatever is left goes back (`returnHold`).
 */
export function openHold(
  tx: WriteTx,
  request: Common & { kind: HoldKind; sourceAccountId: number; currency: string; amountMinor: bigint; expiresAt: Date },
): { hold: HoldRow; posting: PostingResult } {
  const escrowAccountId = systemAccountId(tx, ESCROW_OF[request.kind], request.currency)
  const posting = {
    idempotencyKey: request.idempotencyKey,
    kind: `${request.kind}_hold`,
    memo: request.memo,
    actorTelegramId: request.actorTelegramId,
    transfers: [
      { debitAccountId: request.sourceAccountId, creditAccountId: escrowAccountId, amountMinor: request.amountMinor, currency: request.currency },
    ],
  }
  const replay = findReplay(tx, posting)
  if (replay) return { hold: getHold(tx, replay.holdId!), posting: replay }
  const holdId = tx.insert(
    `INSERT INTO holds (kind, source_account_id, escrow_account_id, currency, amount_minor, remaining_minor, status, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    request.kind,
    request.sourceAccountId,
    escrowAccountId,
    request.currency,
    request.amountMinor,
    request.amountMinor,
    request.expiresAt.getTime(),
    tx.now.getTime(),
  )
  const result = apply(tx, { ...posting, holdId })
  return { hold: getHold(tx, holdId), posting: result }
}

/** Pays part (or all) of an open hold to an account. Settles the hold when nothing is left. */
export function releaseFromHold(
  tx: WriteTx,
  request: Common & { holdId: number; toAccountId: number; amountMinor: bigint; kind: string },
): PostingResult {
  const hold = getHold(tx, request.holdId)
  const posting = {
    idempotencyKey: request.idempotencyKey,
    kind: request.kind,
    memo: request.memo,
    actorTelegramId: request.actorTelegramId,
    holdId: hold.id,
    transfers: [
      { debitAccountId: hold.escrowAccountId, creditAccountId: request.toAccountId, amountMinor: request.amountMinor, currency: hold.currency },
    ],
  }
  const replay = findReplay(tx, posting)
  if (replay) return replay
  if (hold.status !== 'open') throw new DomainError('HOLD_NOT_OPEN')
  if (hold.remainingMinor < request.amountMinor) {
    throw new DomainError('HOLD_INSUFFICIENT')
  }
  const remaining = hold.remainingMinor - request.amountMinor
  tx.run(
    `UPDATE holds SET remaining_minor = ?, status = ?, closed_at = ? WHERE id = ?`,
    remaining,
    remaining === 0n ? 'settled' : 'open',
    remaining === 0n ? tx.now.getTime() : null,
    hold.id,
  )
  return apply(tx, posting)
}

/**
 * Closes an open hold and gives what is left back to where it came from — exactly once:
 * the idempotency key is derived from the hold, and a closed hold is never reopened.
 * Returns undefined when the hold was already closed (settled, returned or expired).
 */
export function returnHold(
  tx: WriteTx,
  request: { holdId: number; status: 'returned' | 'expired'; kind: string; memo?: string | null; actorTelegramId?: bigint | null },
): { hold: HoldRow; returnedMinor: bigint; posting?: PostingResult } | undefined {
  const hold = getHold(tx, request.holdId)
  if (hold.status !== 'open') return undefined
  tx.run(`UPDATE holds SET remaining_minor = 0, status = ?, closed_at = ? WHERE id = ?`, request.status, tx.now.getTime(), hold.id)
  if (hold.remainingMinor === 0n) return { hold: getHold(tx, hold.id), returnedMinor: 0n }
  const posting = apply(tx, {
    idempotencyKey: `hold-return:${hold.id}`,
    kind: request.kind,
    memo: request.memo,
    actorTelegramId: request.actorTelegramId,
    holdId: hold.id,
    transfers: [
      { debitAccountId: hold.escrowAccountId, creditAccountId: hold.sourceAccountId, amountMinor: hold.remainingMinor, currency: hold.currency },
    ],
  })
  return { hold: getHold(tx, hold.id), returnedMinor: hold.remainingMinor, posting }
}

export function getHold(tx: WriteTx, holdId: number): HoldRow {
  const row = tx.get<{
    id: bigint
    kind: HoldKind
    source_account_id: bigint
    escrow_account_id: bigint
    currency: string
    amount_minor: bigint
    remaining_minor: bigint
    status: HoldStatus
    expires_at: bigint
  }>('SELECT * FROM holds WHERE id = ?', holdId)
  if (!row) throw new Error(`hold ${holdId} not found`)
  return {
    id: Number(row.id),
    kind: row.kind,
    sourceAccountId: Number(row.source_account_id),
    escrowAccountId: Number(row.escrow_account_id),
    currency: row.currency,
    amountMinor: row.amount_minor,
    remainingMinor: row.remaining_minor,
    status: row.status,
    expiresAt: new Date(Number(row.expires_at)),
  }
}
