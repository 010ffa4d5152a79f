import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'
import { DomainError } from '../errors.js'
import { assertAffordableInTx } from '../wallet/balance.js'
import type { WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount, normalizeMemo } from '../wallet/payment-guards.js'
import { transferInTx, type TransferReceipt } from '../wallet/transfer.js'
import { normalizeUsername } from '../wallet/users.js'
import { createClaimInTx, type Claim } from './claims.js'
import { newToken } from './token.js'

/*
 * A card row is never edited after it is made (only its status moves on): the token its
 * Confirm button carries therefore names exactly what the card showed. Red-packet drafts,
 * which the sender can change on the card, carry a version instead.
 */

/** How long a confirmation card can be confirmed. */
export const CARD_TTL_MS = 10 * 60 * 1000

export interface PaymentCard {
  id: number
  token: string
  fromUserId: number
  toUserId: number | null
  toUsername: string | null
  amountMinor: bigint
  currency: string
  memo: string | null
  status: 'pending' | 'confirmed' | 'cancelled'
  expiresAt: Date
}

export type Recipient = { userId: number } | { username: string }

/**
 * Prepares a payment for the payer to confirm. Everything that can be refused now is refused
 * now (amount, memo, paying oneself, a balance that is already too low); the balance is
 * checked again, for real, when the card is confirmed.
 */
export async function createPaymentCard(
  db: Database,
  config: WalletConfig,
  request: { fromUserId: number; to: Recipient; amountMinor: bigint; memo?: string | null },
): Promise<PaymentCard> {
  assertPaymentAmount(config, request.amountMinor)
  const memo = normalizeMemo(config, request.memo)
  const toUserId = 'userId' in request.to ? request.to.userId : null
  if (toUserId === request.fromUserId) throw new DomainError('SELF_TRANSFER')
  return db.writer.run((tx) => {
    assertAffordableInTx(tx, request.fromUserId, config.currency, request.amountMinor)
    const id = tx.insert(
      `INSERT INTO payment_cards (token, from_user_id, to_user_id, to_username, amount_minor, currency, memo, status, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      newToken(),
      request.fromUserId,
      toUserId,
      'username' in request.to ? normalizeUsername(request.to.username) : null,
      request.amountMinor,
      config.currency,
      memo,
      tx.now.getTime() + CARD_TTL_MS,
      tx.now.getTime(),
    )
    return cardById(tx, id)
  })
}

export type CardOutcome =
  | { kind: 'transfer'; card: PaymentCard; receipt: TransferReceipt; alreadyDone: boolean }
  | { kind: 'claim'; card: PaymentCard; claim: Claim; alreadyDone: boolean }

/**
 * Confirm pressed. Only the payer may; a card confirms once (a second press gets the first
 * outcome back, marked alreadyDone); an expired or cancelled card moves nothing. The money
 * moves under the card's own idempotency key in the same unit of work that closes the card.
 */
export function confirmPaymentCard(db: Database, token: string, actorUserId: number, actorTelegramId: bigint): Promise<CardOutcome> {
  return db.writer.run((tx): CardOutcome => {
    const card = findCard(tx, token, actorUserId)
    if (card.status === 'cancelled') throw new DomainError('CARD_CANCELLED')
    const alreadyDone = card.status === 'confirmed'
    if (!alreadyDone && card.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('CARD_EXPIRED')
    const idempotencyKey = `card:${card.token}`
    let outcome: CardOutcome
    if (card.toUserId !== null) {
      const receipt = transferInTx(tx, card.currency, {
        idempotencyKey,
        fromUserId: card.fromUserId,
        toUserId: card.toUserId,
        amountMinor: card.amountMinor,
        memo: card.memo,
        actorTelegramId,
      })
      tx.run(`UPDATE payment_cards SET status = 'confirmed', posting_id = ?, closed_at = COALESCE(closed_at, ?) WHERE id = ?`, receipt.postingId, tx.now.getTime(), card.id)
      outcome = { kind: 'transfer', card, receipt, alreadyDone }
    } else {
      const claim = createClaimInTx(tx, {
        idempotencyKey,
        senderUserId: card.fromUserId,
        amountMinor: card.amountMinor,
        currency: card.currency,
        memo: card.memo,
        actorTelegramId,
      })
      tx.run(`UPDATE payment_cards SET status = 'confirmed', claim_id = ?, closed_at = COALESCE(closed_at, ?) WHERE id = ?`, claim.id, tx.now.getTime(), card.id)
      outcome = { kind: 'claim', card, claim, alreadyDone }
    }
    return { ...outcome, card: cardById(tx, card.id) }
  })
}

/** Cancel pressed: only the payer, only while pending. Cancelling twice is harmless. */
export function cancelPaymentCard(db: Database, token: string, actorUserId: number): Promise<PaymentCard> {
  return db.writer.run((tx) => {
    const card = findCard(tx, token, actorUserId)
    if (card.status === 'confirmed') return card
    tx.run(`UPDATE payment_cards SET status = 'cancelled', closed_at = COALESCE(closed_at, ?) WHERE id = ?`, tx.now.getTime(), card.id)
    return cardById(tx, card.id)
  })
}

function findCard(tx: WriteTx, token: string, actorUserId: number): PaymentCard {
  const row = tx.get<{ id: bigint }>('SELECT id FROM payment_cards WHERE token = ?', token)
  if (!row) throw new DomainError('CARD_NOT_FOUND')
  const card = cardById(tx, Number(row.id))
  if (card.fromUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
  return card
}

function cardById(tx: WriteTx, id: number): PaymentCard {
  const row = tx.get<{
    id: bigint
    token: string
    from_user_id: bigint
    to_user_id: bigint | null
    to_username: string | null
    amount_minor: bigint
    currency: string
    memo: string | null
    status: PaymentCard['status']
    expires_at: bigint
  }>('SELECT * FROM payment_cards WHERE id = ?', id)!
  return {
    id: Number(row.id),
    token: row.token,
    fromUserId: Number(row.from_user_id),
    toUserId: row.to_user_id === null ? null : Number(row.to_user_id),
    toUsername: row.to_username,
    amountMinor: row.amount_minor,
    currency: row.currency,
    memo: row.memo,
    status: row.status,
    expiresAt: new Date(Number(row.expires_at)),
  }
}
