import { createHash } from 'node:crypto'
import { DomainError } from '../errors.js'
import type { WriteTx } from '../db/write-tx.js'
import { MAX_AMOUNT_MINOR, MAX_BALANCE_MINOR } from '../money/bounds.js'

export interface TransferSpec {
  debitAccountId: number
  creditAccountId: number
  amountMinor: bigint
  currency: string
}

export interface PostingRequest {
  /** Minted at the edge (a button, a command, a job) and unique per business operation. */
  idempotencyKey: string
  kind: string
  memo?: string | null
  actorTelegramId?: bigint | null
  holdId?: number | null
  transfers: TransferSpec[]
}

export interface PostedTransfer extends TransferSpec {
  transferId: number
  debitBalanceAfterMinor: bigint
  creditBalanceAfterMinor: bigint
}

export interface PostingResult {
  postingId: number
  idempotencyKey: string
  kind: string
  memo: string | null
  holdId: number | null
  createdAt: Date
  transfers: PostedTransfer[]
  /** True when this call found the posting already made and returned it unchanged. */
  replayed: boolean
}

/**
 * Posts one business operation: all of its transfers or none (the caller's unit of work runs
 * inside a savepoint, so a refusal here undoes whatever the unit did before it).
 * Idempotency first: the same key with the same request returns the original posting; the
 * same key with a different request is refused with IDEMPOTENCY_CONFLICT.
 */
export function post(tx: WriteTx, request: PostingRequest): PostingResult {
  return findReplay(tx, request) ?? apply(tx, request)
}

/** The posting already made under this key, or undefined; throws if the key was reused. */
export function findReplay(tx: WriteTx, request: PostingRequest): PostingResult | undefined {
  const existing = tx.get<{ id: bigint; request_hash: string }>(
    'SELECT id, request_hash FROM postings WHERE idempotency_key = ?',
    request.idempotencyKey,
  )
  if (!existing) return undefined
  if (existing.request_hash !== requestHash(request)) {
    throw new DomainError('IDEMPOTENCY_CONFLICT')
  }
  return loadPosting(tx, Number(existing.id))
}

/** Writes the posting without the idempotency check; callers use `post` unless they checked. */
export function apply(tx: WriteTx, request: PostingRequest): PostingResult {
  if (request.transfers.length === 0) throw new Error('a posting needs at least one transfer')
  const at = tx.now.getTime()
  const postingId = tx.insert(
    `INSERT INTO postings (idempotency_key, request_hash, kind, memo, actor_telegram_id, hold_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    request.idempotencyKey,
    requestHash(request),
    request.kind,
    request.memo ?? null,
    request.actorTelegramId ?? null,
    request.holdId ?? null,
    at,
  )
  const transfers = request.transfers.map((spec) => applyTransfer(tx, postingId, spec, at))
  tx.postings += 1
  return {
    postingId,
    idempotencyKey: request.idempotencyKey,
    kind: request.kind,
    memo: request.memo ?? null,
    holdId: request.holdId ?? null,
    createdAt: tx.now,
    transfers,
    replayed: false,
  }
}

function applyTransfer(tx: WriteTx, postingId: number, spec: TransferSpec, at: number): PostedTransfer {
  const { debitAccountId, creditAccountId, amountMinor, currency } = spec
  if (amountMinor <= 0n) throw new DomainError('AMOUNT_NOT_POSITIVE')
  if (amountMinor > MAX_AMOUNT_MINOR) throw new DomainError('AMOUNT_TOO_LARGE', { maxMinor: MAX_AMOUNT_MINOR.toString(), currency })
  if (debitAccountId === creditAccountId) throw new Error('a transfer needs two different accounts')

  // The conditional debit is the whole overdraft check: no read-then-write gap to race in.
  // Both updates also keep the balance inside ±MAX_BALANCE_MINOR, so no arithmetic in the
  // database can overflow (SQLite would quietly store a float).
  const debited = tx.get<{ balance_minor: bigint }>(
    `UPDATE accounts SET balance_minor = balance_minor - ?
     WHERE id = ? AND currency = ? AND (may_go_negative = 1 OR balance_minor >= ?) AND balance_minor >= ?
     RETURNING balance_minor`,
    amountMinor,
    debitAccountId,
    currency,
    amountMinor,
    amountMinor - MAX_BALANCE_MINOR,
  )
  if (!debited) throw debitRefusal(tx, debitAccountId, currency, amountMinor)
  const credited = tx.get<{ balance_minor: bigint }>(
    'UPDATE accounts SET balance_minor = balance_minor + ? WHERE id = ? AND currency = ? AND balance_minor <= ? RETURNING balance_minor',
    amountMinor,
    creditAccountId,
    currency,
    MAX_BALANCE_MINOR - amountMinor,
  )
  if (!credited) throw accountRefusal(tx, creditAccountId, currency)

  const transferId = tx.insert(
    `INSERT INTO transfers (posting_id, debit_account_id, credit_account_id, amount_minor, currency, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    postingId,
    debitAccountId,
    creditAccountId,
    amountMinor,
    currency,
    at,
  )
  const insertEntry = `INSERT INTO entries (transfer_id, account_id, amount_minor, balance_after_minor, created_at) VALUES (?, ?, ?, ?, ?)`
  tx.run(insertEntry, transferId, debitAccountId, -amountMinor, debited.balance_minor, at)
  tx.run(insertEntry, transferId, creditAccountId, amountMinor, credited.balance_minor, at)
  return {
    ...spec,
    transferId,
    debitBalanceAfterMinor: debited.balance_minor,
    creditBalanceAfterMinor: credited.balance_minor,
  }
}

function debitRefusal(tx: WriteTx, accountId: number, currency: string, amountMinor: bigint): DomainError {
  const account = tx.get<{ balance_minor: bigint; currency: string; may_go_negative: bigint; user_id: bigint | null }>(
    'SELECT balance_minor, currency, may_go_negative, user_id FROM accounts WHERE id = ?',
    accountId,
  )
  if (!account || account.currency !== currency) return accountRefusal(tx, accountId, currency)
  if (account.may_go_negative === 1n || account.balance_minor >= amountMinor) return balanceLimit(currency)
  // The balance belongs to the account's owner: only they may be shown it.
  return new DomainError(
    'INSUFFICIENT_FUNDS',
    { balanceMinor: account.balance_minor.toString(), amountMinor: amountMinor.toString(), currency },
    { ownerUserId: account.user_id === null ? undefined : Number(account.user_id) },
  )
}

const balanceLimit = (currency: string) => new DomainError('BALANCE_LIMIT', { maxMinor: MAX_BALANCE_MINOR.toString(), currency })

function accountRefusal(tx: WriteTx, accountId: number, currency: string): DomainError {
  const account = tx.get<{ currency: string }>('SELECT currency FROM accounts WHERE id = ?', accountId)
  if (!account) return new DomainError('ACCOUNT_NOT_FOUND')
  if (account.currency !== currency) return new DomainError('CURRENCY_MISMATCH', { expected: account.currency, given: currency })
  return balanceLimit(currency)
}

/** Rebuilds a posting's result from its rows: what a replay returns. */
export function loadPosting(tx: WriteTx, postingId: number): PostingResult {
  const posting = tx.get<{ idempotency_key: string; kind: string; memo: string | null; hold_id: bigint | null; created_at: bigint }>(
    'SELECT idempotency_key, kind, memo, hold_id, created_at FROM postings WHERE id = ?',
    postingId,
  )
  if (!posting) throw new Error(`posting ${postingId} vanished`)
  const rows = tx.all<{
    id: bigint
    debit_account_id: bigint
    credit_account_id: bigint
    amount_minor: bigint
    currency: string
    debit_after: bigint
    credit_after: bigint
  }>(
    `SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount_minor, t.currency,
            d.balance_after_minor AS debit_after, c.balance_after_minor AS credit_after
     FROM transfers t
     JOIN entries d ON d.transfer_id = t.id AND d.account_id = t.debit_account_id
     JOIN entries c ON c.transfer_id = t.id AND c.account_id = t.credit_account_id
     WHERE t.posting_id = ? ORDER BY t.id`,
    postingId,
  )
  return {
    postingId,
    idempotencyKey: posting.idempotency_key,
    kind: posting.kind,
    memo: posting.memo,
    holdId: posting.hold_id === null ? null : Number(posting.hold_id),
    createdAt: new Date(Number(posting.created_at)),
    transfers: rows.map((r) => ({
      transferId: Number(r.id),
      debitAccountId: Number(r.debit_account_id),
      creditAccountId: Number(r.credit_account_id),
      amountMinor: r.amount_minor,
      currency: r.currency,
      debitBalanceAfterMinor: r.debit_after,
      creditBalanceAfterMinor: r.credit_after,
    })),
    replayed: true,
  }
}

/**
 * What makes two requests "the same" for idempotency: everything but the key and the hold id
 * (a hold's id is an output when the posting opens it, so a replay cannot know it in advance).
 */
function requestHash(request: PostingRequest): string {
  const canonical = JSON.stringify([
    request.kind,
    request.memo ?? null,
    request.actorTelegramId?.toString() ?? null,
    request.transfers.map((t) => [t.debitAccountId, t.creditAccountId, t.amountMinor.toString(), t.currency]),
  ])
  return createHash('sha256').update(canonical).digest('hex')
}
