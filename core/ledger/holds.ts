import { asBigint, asDate, asNumber, insertId, RetryUnit, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { idempotencyKeys } from '../common/keys.js'
import { systemAccountId, type SystemAccountKind } from './accounts.js'
import { applyPosting, claimKey, post, type PostingResult } from './posting.js'

/** What a hold is for; each kind has its own escrow account. */
export type HoldKind = 'red_packet' | 'claim' | 'review' | 'withdrawal'

const ESCROW_OF: Record<HoldKind, SystemAccountKind> = {
  red_packet: 'red_packet_escrow',
  claim: 'claim_escrow',
  review: 'review_escrow',
  withdrawal: 'withdrawal_escrow',
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

type HoldRequest = Common & { kind: HoldKind; sourceAccountId: number; currency: string; amountMinor: bigint; expiresAt: Date }

/**
 * Two-phase money: moves `amountMinor` from the source account into the kind's escrow now
 * (refused with INSUFFICIENT_FUNDS like any debit) and records what is owed. Later it is paid
 * out in parts (`releaseFromHold`) and whatever is left goes back (`returnHold`).
 */
export async function openHold(tx: Tx, request: HoldRequest): Promise<{ hold: HoldRow; posting: PostingResult }> {
  const escrowAccountId = await systemAccountId(tx, ESCROW_OF[request.kind], request.currency)
  const claimed = await claimKey(tx, holdPosting(request, escrowAccountId, null))
  if ('replay' in claimed) return { hold: await getHold(tx, claimed.replay.holdId!), posting: claimed.replay }
  return holdClaimedPosting(tx, claimed.postingId, request)
}

/**
 * Turns a posting whose key was just claimed (claimKey, not yet applied) into a hold of its
 * money: the posting becomes the hold's (`<kind>_hold`) and moves the amount into escrow. A
 * payment held for review claims its key as the payment it was asked to be: its request hash
 * stays the payment's, so a replay of the payment finds this posting, and through its hold
 * what became of it.
 */
export async function holdClaimedPosting(tx: Tx, postingId: number, request: HoldRequest): Promise<{ hold: HoldRow; posting: PostingResult }> {
  const escrowAccountId = await systemAccountId(tx, ESCROW_OF[request.kind], request.currency)
  const holdId = await insertId(
    tx,
    `INSERT INTO holds (kind, source_account_id, escrow_account_id, currency, amount_minor, remaining_minor, status, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    request.kind,
    request.sourceAccountId,
    escrowAccountId,
    request.currency,
    request.amountMinor,
    request.amountMinor,
    request.expiresAt,
    tx.now,
  )
  const posting = holdPosting(request, escrowAccountId, holdId)
  await tx.run('UPDATE postings SET hold_id = ?, kind = ? WHERE id = ?', holdId, posting.kind, postingId)
  return { hold: await getHold(tx, holdId), posting: await applyPosting(tx, postingId, posting) }
}

const holdPosting = (request: HoldRequest, escrowAccountId: number, holdId: number | null) => ({
  idempotencyKey: request.idempotencyKey,
  kind: `${request.kind}_hold`,
  memo: request.memo,
  actorTelegramId: request.actorTelegramId,
  holdId,
  transfers: [{ debitAccountId: request.sourceAccountId, creditAccountId: escrowAccountId, amountMinor: request.amountMinor, currency: request.currency }],
})

/**
 * Pays part (or all) of an open hold to an account; settles the hold when nothing is left.
 * The hold gives up the amount in one conditional UPDATE (open, and holding enough), so two
 * units paying out of one hold at once can never take more than it holds.
 */
export async function releaseFromHold(
  tx: Tx,
  request: Common & { holdId: number; toAccountId: number; amountMinor: bigint; kind: string },
): Promise<PostingResult> {
  const hold = await getHold(tx, request.holdId)
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
  const claimed = await claimKey(tx, posting)
  if ('replay' in claimed) return claimed.replay
  const taken = await tx.run(
    `UPDATE holds SET remaining_minor = remaining_minor - ?,
       status = CASE WHEN remaining_minor = ? THEN 'settled' ELSE status END,
       closed_at = CASE WHEN remaining_minor = ? THEN ? ELSE closed_at END
     WHERE id = ? AND status = 'open' AND remaining_minor >= ?`,
    request.amountMinor,
    request.amountMinor,
    request.amountMinor,
    tx.now,
    hold.id,
    request.amountMinor,
  )
  if (taken === 0) {
    const now = await getHold(tx, hold.id)
    throw new DomainError(now.status === 'open' ? 'HOLD_INSUFFICIENT' : 'HOLD_NOT_OPEN')
  }
  return applyPosting(tx, claimed.postingId, posting)
}

/**
 * Closes an open hold and gives what is left back to where it came from — exactly once:
 * the hold row is locked first (so no payout can slip in between), the idempotency key is
 * derived from the hold, and a closed hold is never reopened. Returns undefined when the
 * hold was already closed (settled, returned or expired).
 */
export async function returnHold(
  tx: Tx,
  request: { holdId: number; status: 'returned' | 'expired'; kind: string; memo?: string | null; actorTelegramId?: bigint | null },
): Promise<{ hold: HoldRow; returnedMinor: bigint; posting?: PostingResult } | undefined> {
  const hold = await getHold(tx, request.holdId, { lock: true })
  if (hold.status !== 'open') return undefined
  const closed = await tx.run(
    `UPDATE holds SET remaining_minor = 0, status = ?, closed_at = ? WHERE id = ? AND status = 'open' AND remaining_minor = ?`,
    request.status,
    tx.now,
    hold.id,
    hold.remainingMinor,
  )
  if (closed === 0) throw new RetryUnit(`hold ${hold.id} changed while it was being returned`)
  if (hold.remainingMinor === 0n) return { hold: await getHold(tx, hold.id), returnedMinor: 0n }
  const posting = await post(tx, {
    idempotencyKey: idempotencyKeys.holdReturn(hold.id),
    kind: request.kind,
    memo: request.memo,
    actorTelegramId: request.actorTelegramId,
    holdId: hold.id,
    transfers: [
      { debitAccountId: hold.escrowAccountId, creditAccountId: hold.sourceAccountId, amountMinor: hold.remainingMinor, currency: hold.currency },
    ],
  })
  return { hold: await getHold(tx, hold.id), returnedMinor: hold.remainingMinor, posting }
}

/** A hold's row; with `lock`, locked until the unit ends (PostgreSQL; SQLite's writer holds all). */
export async function getHold(tx: Tx, holdId: number, { lock = false } = {}): Promise<HoldRow> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM holds WHERE id = ?${lock ? ' FOR UPDATE' : ''}`, holdId)
  if (!row) throw new Error(`hold ${holdId} not found`)
  return {
    id: asNumber(row.id),
    kind: row.kind as HoldKind,
    sourceAccountId: asNumber(row.source_account_id),
    escrowAccountId: asNumber(row.escrow_account_id),
    currency: row.currency as string,
    amountMinor: asBigint(row.amount_minor),
    remainingMinor: asBigint(row.remaining_minor),
    status: row.status as HoldStatus,
    expiresAt: asDate(row.expires_at),
  }
}
