import type { SecurityRules } from '../wallet/config.js'
import { authorizeDebit } from '../security/authorize.js'
import type { Database } from '../db/database.js'
import { asBigint, asDate, asNumber, asNumberOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { ensureWalletAccount, writeOnSystemAccount } from '../ledger/accounts.js'
import { openHold, releaseFromHold, returnHold } from '../ledger/holds.js'
import { enqueue } from '../outbox/outbox.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { newToken } from '../common/tokens.js'

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
export async function createClaimInTx(
  tx: Tx,
  rules: SecurityRules,
  request: {
    idempotencyKey: string
    senderUserId: number
    amountMinor: bigint
    currency: string
    memo: string | null
    actorTelegramId?: bigint | null
    /** The payment as a keypad names it (DebitIntent.target). */
    target: string | null
  },
): Promise<Claim> {
  const { hold, posting } = await openHold(tx, {
    idempotencyKey: request.idempotencyKey,
    kind: 'claim',
    sourceAccountId: await ensureWalletAccount(tx, request.senderUserId, request.currency),
    currency: request.currency,
    amountMinor: request.amountMinor,
    expiresAt: new Date(tx.now.getTime() + CLAIM_TTL_MS),
    memo: request.memo,
    actorTelegramId: request.actorTelegramId,
  })
  if (!posting.replayed) {
    await authorizeDebit(tx, rules, { postingId: posting.postingId, userId: request.senderUserId, amountMinor: request.amountMinor, currency: request.currency, flow: 'claim', target: request.target, payeeAccountId: null })
    await tx.run(
      `INSERT INTO claims (token, sender_user_id, hold_id, amount_minor, currency, memo, status, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
      newToken(),
      request.senderUserId,
      hold.id,
      request.amountMinor,
      request.currency,
      request.memo,
      hold.expiresAt,
      tx.now,
    )
  }
  return claimBy(tx, 'hold_id', hold.id)
}

/**
 * Whoever opens the link first (and is not the sender) receives the money, and the sender's
 * notice goes to the outbox with it. Opening it again as the same person is harmless; as
 * anyone else it says the claim was taken.
 */
export function claimByToken(db: Database, token: string, claimerUserId: number): Promise<{ claim: Claim; alreadyYours: boolean }> {
  return writeOnSystemAccount(db, 'claim_escrow', async (tx) => {
    const claim = await claimBy(tx, 'token', token, { lock: true })
    if (claim.senderUserId === claimerUserId) throw new DomainError('CLAIM_OWN')
    if (claim.status === 'claimed') {
      if (claim.claimedByUserId === claimerUserId) return { claim, alreadyYours: true }
      throw new DomainError('CLAIM_TAKEN')
    }
    assertOpen(tx, claim)
    await releaseFromHold(tx, {
      holdId: claim.holdId,
      toAccountId: await ensureWalletAccount(tx, claimerUserId, claim.currency),
      amountMinor: claim.amountMinor,
      idempotencyKey: idempotencyKeys.claimRelease(claim.id),
      kind: 'claim_release',
      memo: claim.memo,
    })
    await tx.run(`UPDATE claims SET status = 'claimed', claimed_by_user_id = ?, closed_at = ? WHERE id = ?`, claimerUserId, tx.now, claim.id)
    await enqueue(tx, {
      dedupeKey: noticeKeys.claimAccepted(claim.id),
      type: 'claim_accepted',
      userId: claim.senderUserId,
      data: { claimerUserId, amountMinor: claim.amountMinor.toString(), currency: claim.currency },
    })
    return { claim: { ...claim, status: 'claimed' as const, claimedByUserId: claimerUserId }, alreadyYours: false }
  })
}

/** The sender takes back a claim nobody opened yet. */
export function cancelClaim(db: Database, token: string, actorUserId: number): Promise<{ claim: Claim; returnedMinor: bigint }> {
  return writeOnSystemAccount(db, 'claim_escrow', async (tx) => {
    const claim = await claimBy(tx, 'token', token, { lock: true })
    if (claim.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (claim.status === 'claimed') throw new DomainError('CLAIM_TAKEN')
    assertOpen(tx, claim)
    const returned = await returnHold(tx, { holdId: claim.holdId, status: 'returned', kind: 'claim_return', memo: claim.memo })
    await tx.run(`UPDATE claims SET status = 'cancelled', closed_at = ? WHERE id = ?`, tx.now, claim.id)
    return { claim: { ...claim, status: 'cancelled' as const }, returnedMinor: returned?.returnedMinor ?? 0n }
  })
}

/**
 * Returns up to `limit` claims whose 24 hours are up to their senders, and writes each
 * sender's notice to the outbox in the same unit of work. Safe to run twice at once, here or
 * on another instance: each claim is locked and closes with its refund, and a closed claim
 * is skipped. The caller runs it again while it returns a full batch.
 */
export function expireClaims(db: Database, limit = 100): Promise<Array<{ claim: Claim; returnedMinor: bigint }>> {
  return writeOnSystemAccount(db, 'claim_escrow', async (tx) => {
    const due = await tx.all<{ id: unknown }>(`SELECT id FROM claims WHERE status = 'open' AND expires_at <= ? ORDER BY id LIMIT ?`, tx.now, limit)
    const expired: Array<{ claim: Claim; returnedMinor: bigint }> = []
    for (const { id } of due) {
      const claim = await claimBy(tx, 'id', asNumber(id), { lock: true })
      if (claim.status !== 'open') continue // another run got here first
      const returned = await returnHold(tx, { holdId: claim.holdId, status: 'expired', kind: 'claim_return', memo: claim.memo })
      await tx.run(`UPDATE claims SET status = 'expired', closed_at = ? WHERE id = ?`, tx.now, claim.id)
      const returnedMinor = returned?.returnedMinor ?? 0n
      await enqueue(tx, {
        dedupeKey: noticeKeys.claimExpired(claim.id),
        type: 'claim_expired',
        userId: claim.senderUserId,
        data: { amountMinor: returnedMinor.toString(), currency: claim.currency },
      })
      expired.push({ claim: { ...claim, status: 'expired' }, returnedMinor })
    }
    return expired
  })
}

function assertOpen(tx: Tx, claim: Claim): void {
  if (claim.status === 'cancelled') throw new DomainError('CLAIM_CANCELLED')
  if (claim.status === 'expired' || claim.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('CLAIM_EXPIRED')
}

function toClaim(row: Record<string, unknown>): Claim {
  return {
    id: asNumber(row.id),
    token: row.token as string,
    senderUserId: asNumber(row.sender_user_id),
    holdId: asNumber(row.hold_id),
    amountMinor: asBigint(row.amount_minor),
    currency: row.currency as string,
    memo: row.memo as string | null,
    status: row.status as ClaimStatus,
    claimedByUserId: asNumberOrNull(row.claimed_by_user_id),
    expiresAt: asDate(row.expires_at),
  }
}

/** A claim by its link's token (CLAIM_NOT_FOUND when none), its id or its hold; `lock` for the unit. */
async function claimBy(tx: Tx, column: 'token' | 'id' | 'hold_id', value: string | number, { lock = false } = {}): Promise<Claim> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM claims WHERE ${column} = ?${lock ? ' FOR UPDATE' : ''}`, value)
  if (!row) {
    if (column === 'token') throw new DomainError('CLAIM_NOT_FOUND')
    throw new Error(`claim with ${column} ${value} not found`)
  }
  return toClaim(row)
}
