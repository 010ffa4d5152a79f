import { createHash } from 'node:crypto'
import { DomainError } from '../errors.js'
import { asBigint, asBoolean, asDate, asNumber, asNumberOrNull, insertId, type Tx } from '../db/port.js'
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
 * Posts one business operation: all of its transfers or none (the caller's unit of work is
 * all-or-nothing, so a refusal here undoes whatever the unit did before it). Idempotency
 * first: the same key with the same request returns the original posting; the same key with
 * a different request is refused with IDEMPOTENCY_CONFLICT.
 */
export async function post(tx: Tx, request: PostingRequest): Promise<PostingResult> {
  const claimed = await claimKey(tx, request)
  return 'replay' in claimed ? claimed.replay : applyPosting(tx, claimed.postingId, request)
}

/**
 * Takes the idempotency key by inserting the posting row — or finds it taken. The unique key
 * decides between racing units: on PostgreSQL the second insert waits for the first unit to
 * commit and then inserts nothing, and this unit gets the first one's posting back.
 */
export async function claimKey(tx: Tx, request: PostingRequest): Promise<{ postingId: number } | { replay: PostingResult }> {
  if (request.transfers.length === 0) throw new Error('a posting needs at least one transfer')
  const hash = requestHash(request)
  const inserted = await tx.insert(
    `INSERT INTO postings (idempotency_key, request_hash, kind, memo, actor_telegram_id, hold_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    request.idempotencyKey,
    hash,
    request.kind,
    request.memo ?? null,
    request.actorTelegramId ?? null,
    request.holdId ?? null,
    tx.now,
  )
  if (inserted !== undefined) return { postingId: inserted }
  const existing = await tx.get<{ id: unknown; request_hash: string }>('SELECT id, request_hash FROM postings WHERE idempotency_key = ?', request.idempotencyKey)
  if (!existing) throw new Error(`posting ${request.idempotencyKey} neither inserted nor found`)
  if (existing.request_hash !== hash) throw new DomainError('IDEMPOTENCY_CONFLICT')
  return { replay: await loadPosting(tx, Number(existing.id)) }
}

/** Moves the money of a posting whose key `claimKey` just took. */
export async function applyPosting(tx: Tx, postingId: number, request: PostingRequest): Promise<PostingResult> {
  const transfers: PostedTransfer[] = []
  for (const spec of request.transfers) transfers.push(await applyTransfer(tx, postingId, spec))
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

async function applyTransfer(tx: Tx, postingId: number, spec: TransferSpec): Promise<PostedTransfer> {
  const { debitAccountId, creditAccountId, amountMinor, currency } = spec
  if (amountMinor <= 0n) throw new DomainError('AMOUNT_NOT_POSITIVE')
  if (amountMinor > MAX_AMOUNT_MINOR) throw new DomainError('AMOUNT_TOO_LARGE', { maxMinor: MAX_AMOUNT_MINOR.toString(), currency })
  if (debitAccountId === creditAccountId) throw new Error('a transfer needs two different accounts')

  // The conditional debit is the whole overdraft check: no read-then-write gap to race in.
  // Both updates also keep the balance inside ±MAX_BALANCE_MINOR, so no arithmetic in the
  // database can overflow (SQLite would quietly store a float). Their row locks are taken in
  // account-id order, so two transfers between the same two accounts never deadlock.
  const debit = () =>
    tx.get<{ balance_minor: unknown }>(
      `UPDATE accounts SET balance_minor = balance_minor - ?
       WHERE id = ? AND currency = ? AND (may_go_negative = TRUE OR balance_minor >= ?) AND balance_minor >= ?
       RETURNING balance_minor`,
      amountMinor,
      debitAccountId,
      currency,
      amountMinor,
      amountMinor - MAX_BALANCE_MINOR,
    )
  const credit = () =>
    tx.get<{ balance_minor: unknown }>(
      'UPDATE accounts SET balance_minor = balance_minor + ? WHERE id = ? AND currency = ? AND balance_minor <= ? RETURNING balance_minor',
      amountMinor,
      creditAccountId,
      currency,
      MAX_BALANCE_MINOR - amountMinor,
    )
  let debited: { balance_minor: unknown } | undefined
  let credited: { balance_minor: unknown } | undefined
  if (debitAccountId < creditAccountId) {
    debited = await debit()
    if (!debited) throw await debitRefusal(tx, debitAccountId, currency, amountMinor)
    credited = await credit()
  } else {
    credited = await credit()
    if (credited) debited = await debit()
    if (credited && !debited) throw await debitRefusal(tx, debitAccountId, currency, amountMinor)
  }
  if (!credited) throw await accountRefusal(tx, creditAccountId, currency)
  const debitAfter = asBigint(debited!.balance_minor)
  const creditAfter = asBigint(credited.balance_minor)

  const transferId = await insertId(
    tx,
    `INSERT INTO transfers (posting_id, debit_account_id, credit_account_id, amount_minor, currency, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    postingId,
    debitAccountId,
    creditAccountId,
    amountMinor,
    currency,
    tx.now,
  )
  await tx.run(
    `INSERT INTO entries (transfer_id, account_id, amount_minor, balance_after_minor, created_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)`,
    transferId,
    debitAccountId,
    -amountMinor,
    debitAfter,
    tx.now,
    transferId,
    creditAccountId,
    amountMinor,
    creditAfter,
    tx.now,
  )
  return { ...spec, transferId, debitBalanceAfterMinor: debitAfter, creditBalanceAfterMinor: creditAfter }
}

async function debitRefusal(tx: Tx, accountId: number, currency: string, amountMinor: bigint): Promise<DomainError> {
  const account = await tx.get<{ balance_minor: unknown; currency: string; may_go_negative: unknown; user_id: unknown }>(
    'SELECT balance_minor, currency, may_go_negative, user_id FROM accounts WHERE id = ?',
    accountId,
  )
  if (!account || account.currency !== currency) return accountRefusal(tx, accountId, currency)
  const balanceMinor = asBigint(account.balance_minor)
  if (asBoolean(account.may_go_negative) || balanceMinor >= amountMinor) return balanceLimit(currency)
  // The balance belongs to the account's owner: only they may be shown it.
  return new DomainError(
    'INSUFFICIENT_FUNDS',
    { balanceMinor: balanceMinor.toString(), amountMinor: amountMinor.toString(), currency },
    { ownerUserId: asNumberOrNull(account.user_id) ?? undefined },
  )
}

const balanceLimit = (currency: string) => new DomainError('BALANCE_LIMIT', { maxMinor: MAX_BALANCE_MINOR.toString(), currency })

async function accountRefusal(tx: Tx, accountId: number, currency: string): Promise<DomainError> {
  const account = await tx.get<{ currency: string }>('SELECT currency FROM accounts WHERE id = ?', accountId)
  if (!account) return new DomainError('ACCOUNT_NOT_FOUND')
  if (account.currency !== currency) return new DomainError('CURRENCY_MISMATCH', { expected: account.currency, given: currency })
  return balanceLimit(currency)
}

/** Rebuilds a posting's result from its rows: what a replay returns. */
export async function loadPosting(tx: Tx, postingId: number): Promise<PostingResult> {
  const posting = await tx.get<{ idempotency_key: string; kind: string; memo: string | null; hold_id: unknown; created_at: unknown }>(
    'SELECT idempotency_key, kind, memo, hold_id, created_at FROM postings WHERE id = ?',
    postingId,
  )
  if (!posting) throw new Error(`posting ${postingId} vanished`)
  const rows = await tx.all<Record<'id' | 'debit_account_id' | 'credit_account_id' | 'amount_minor' | 'debit_after' | 'credit_after', unknown> & { currency: string }>(
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
    holdId: asNumberOrNull(posting.hold_id),
    createdAt: asDate(posting.created_at),
    transfers: rows.map((r) => ({
      transferId: asNumber(r.id),
      debitAccountId: asNumber(r.debit_account_id),
      creditAccountId: asNumber(r.credit_account_id),
      amountMinor: asBigint(r.amount_minor),
      currency: r.currency,
      debitBalanceAfterMinor: asBigint(r.debit_after),
      creditBalanceAfterMinor: asBigint(r.credit_after),
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
