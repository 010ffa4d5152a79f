import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'
import { DomainError } from '../errors.js'
import { ensureWalletAccount } from '../ledger/accounts.js'
import { openHold, releaseFromHold, returnHold } from '../ledger/holds.js'
import { enqueue } from '../outbox/outbox.js'
import { newToken } from './token.js'

export const CLAIM_TTL_MS = 24 * 60 * 60 * 1000

export type ClaimStatus = 'open' | 'claimed' | 'cancelled' | 'expired'

export interface Claim {
  id: number
  token: string
  senderUserId: number
  holdId: number
  amountMinor: bigint
  currency: string
  memo: string | null
  status: ClaimStatus
  claimedByUserId: number | null
  expiresAt: Date
}

/**
 * Puts money for someone the wallet cannot reach yet into claim escrow and returns the claim
 * whose token goes into the link `t.me/<bot>?start=claim_<token>`. Idempotent by key.
 */
export function createClaimInTx(
  tx: WriteTx,
  request: { idempotencyKey: string; senderUserId: number; amountMinor: bigint; currency: string; memo: string | null; actorTelegramId?: bigint | null },
): Claim {
  const { hold, posting } = openHold(tx, {
    idempotencyKey: request.idempotencyKey,
    kind: 'claim',
    sourceAccountId: ensureWalletAccount(tx, request.senderUserId, request.currency),
    currency: request.currency,
    amountMinor: request.amountMinor,
    expiresAt: new Date(tx.now.getTime() + CLAIM_TTL_MS),
    memo: request.memo,
    actorTelegramId: request.actorTelegramId,
  })
  if (posting.replayed) return claimByHold(tx, hold.id)
  tx.run(
    `INSERT INTO claims (token, sender_user_id, hold_id, amount_minor, currency, memo, status, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    newToken(),
    request.senderUserId,
    hold.id,
    request.amountMinor,
    request.currency,
    request.memo,
    hold.expiresAt.getTime(),
    tx.now.getTime(),
  )
  return claimByHold(tx, hold.id)
}

/**
 * Whoever opens the link first (and is not the sender) receives the money. Opening it again
 * as the same person is harmless; as anyone else it says the claim was taken.
 */
export function claimByToken(db: Database, token: string, claimerUserId: number): Promise<{ claim: Claim; alreadyYours: boolean }> {
  return db.writer.run((tx) => {
    const claim = findClaim(tx, token)
    if (claim.senderUserId === claimerUserId) throw new DomainError('CLAIM_OWN')
    if (claim.status === 'claimed') {
      if (claim.claimedByUserId === claimerUserId) return { claim, alreadyYours: true }
      throw new DomainError('CLAIM_TAKEN')
    }
    assertOpen(tx, claim)
    releaseFromHold(tx, {
      holdId: claim.holdId,
      toAccountId: ensureWalletAccount(tx, claimerUserId, claim.currency),
      amountMinor: claim.amountMinor,
      idempotencyKey: `claim:${claim.id}`,
      kind: 'claim_release',
      memo: claim.memo,
    })
    tx.run(`UPDATE claims SET status = 'claimed', claimed_by_user_id = ?, closed_at = ? WHERE id = ?`, claimerUserId, tx.now.getTime(), claim.id)
    return { claim: findClaim(tx, token), alreadyYours: false }
  })
}

/** The sender takes back a claim nobody opened yet. */
export function cancelClaim(db: Database, token: string, actorUserId: number): Promise<{ claim: Claim; returnedMinor: bigint }> {
  return db.writer.run((tx) => {
    const claim = findClaim(tx, token)
    if (claim.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (claim.status === 'claimed') throw new DomainError('CLAIM_TAKEN')
    assertOpen(tx, claim)
    const returned = returnHold(tx, { holdId: claim.holdId, status: 'returned', kind: 'claim_return', memo: claim.memo })
    tx.run(`UPDATE claims SET status = 'cancelled', closed_at = ? WHERE id = ?`, tx.now.getTime(), claim.id)
    return { claim: findClaim(tx, token), returnedMinor: returned?.returnedMinor ?? 0n }
  })
}

/**
 * Returns up to `limit` claims whose 24 hours are up to their senders, and writes each
 * sender's notice to the outbox in the same unit of work. Safe to run twice at once: each
 * claim closes in the same unit of work as its refund, and a closed claim is skipped. The
 * caller runs it again while it returns a full batch.
 */
export function expireClaims(db: Database, limit = 100): Promise<Array<{ claim: Claim; returnedMinor: bigint }>> {
  return db.writer.run((tx) => {
    const due = tx.all<{ token: string }>(`SELECT token FROM claims WHERE status = 'open' AND expires_at <= ? ORDER BY id LIMIT ?`, tx.now.getTime(), limit)
    return due.map(({ token }) => {
      const claim = findClaim(tx, token)
      const returned = returnHold(tx, { holdId: claim.holdId, status: 'expired', kind: 'claim_return', memo: claim.memo })
      tx.run(`UPDATE claims SET status = 'expired', closed_at = ? WHERE id = ?`, tx.now.getTime(), claim.id)
      const returnedMinor = returned?.returnedMinor ?? 0n
      enqueue(tx, {
        dedupeKey: `claim-expired:${claim.id}`,
        type: 'claim_expired',
        userId: claim.senderUserId,
        data: { amountMinor: returnedMinor.toString(), currency: claim.currency },
      })
      return { claim: findClaim(tx, token), returnedMinor }
    })
  })
}

function assertOpen(tx: WriteTx, claim: Claim): void {
  if (claim.status === 'cancelled') throw new DomainError('CLAIM_CANCELLED')
  if (claim.status === 'expired' || claim.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('CLAIM_EXPIRED')
}

interface ClaimRow {
  id: bigint
  token: string
  sender_user_id: bigint
  hold_id: bigint
  amount_minor: bigint
  currency: string
  memo: string | null
  status: ClaimStatus
  claimed_by_user_id: bigint | null
  expires_at: bigint
}

function toClaim(row: ClaimRow): Claim {
  return {
    id: Number(row.id),
    token: row.token,
    senderUserId: Number(row.sender_user_id),
    holdId: Number(row.hold_id),
    amountMinor: row.amount_minor,
    currency: row.currency,
    memo: row.memo,
    status: row.status,
    claimedByUserId: row.claimed_by_user_id === null ? null : Number(row.claimed_by_user_id),
    expiresAt: new Date(Number(row.expires_at)),
  }
}

function findClaim(tx: WriteTx, token: string): Claim {
  const row = tx.get<ClaimRow>('SELECT * FROM claims WHERE token = ?', token)
  if (!row) throw new DomainError('CLAIM_NOT_FOUND')
  return toClaim(row)
}

function claimByHold(tx: WriteTx, holdId: number): Claim {
  return toClaim(tx.get<ClaimRow>('SELECT * FROM claims WHERE hold_id = ?', holdId)!)
}
