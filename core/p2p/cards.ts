import type { SecurityRules } from '../wallet/config.js'
import type { Database } from '../db/database.js'
import { asBigint, asDate, asNumber, asNumberOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { enqueue } from '../outbox/outbox.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { newToken } from '../common/tokens.js'
import { assertAffordableInTx } from '../wallet/balance.js'
import type { WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount, normalizeMemo } from '../wallet/payment-guards.js'
import { transferInTx, type TransferReceipt } from '../wallet/transfer.js'
import { normalizeUsername } from '../wallet/users.js'
import { cancelEntriesFor, entryTargets } from '../security/password-entry.js'
import { createClaimInTx, type Claim } from './claims.js'

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
  receiveCodeId: number | null
}

export type Recipient = { userId: number } | { username: string }

export interface CardRequest {
  fromUserId: number
  to: Recipient
  amountMinor: bigint
  memo?: string | null
  /** The receive code the payer scanned, when the card comes from one. */
  receiveCodeId?: number | null
}

/**
 * Prepares a transfer for the payer to confirm. Everything that can be refused now is refused
 * now (amount, memo, paying oneself, a balance that is already too low); the balance is
 * checked again, for real, when the card is confirmed.
 */
export function createPaymentCard(db: Database, config: WalletConfig, request: CardRequest): Promise<PaymentCard> {
  return db.write((tx) => createPaymentCardInTx(tx, config, request))
}

export async function createPaymentCardInTx(tx: Tx, config: WalletConfig, request: CardRequest): Promise<PaymentCard> {
  assertPaymentAmount(config, request.amountMinor)
  const memo = normalizeMemo(config, request.memo)
  const toUserId = 'userId' in request.to ? request.to.userId : null
  if (toUserId === request.fromUserId) throw new DomainError('SELF_TRANSFER')
  await assertAffordableInTx(tx, request.fromUserId, config.currency, request.amountMinor)
  const row = await tx.get<Record<string, unknown>>(
    `INSERT INTO payment_cards (token, from_user_id, to_user_id, to_username, amount_minor, currency, memo, status, expires_at, created_at, receive_code_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING *`,
    newToken(),
    request.fromUserId,
    toUserId,
    'username' in request.to ? normalizeUsername(request.to.username) : null,
    request.amountMinor,
    config.currency,
    memo,
    new Date(tx.now.getTime() + CARD_TTL_MS),
    tx.now,
    request.receiveCodeId ?? null,
  )
  return toCard(row!)
}

export type CardOutcome =
  | { kind: 'transfer'; card: PaymentCard; receipt: TransferReceipt; alreadyDone: boolean }
  | { kind: 'claim'; card: PaymentCard; claim: Claim; alreadyDone: boolean }

/**
 * Confirm pressed, again once the payer gave their password for it on the keypad when it is
 * above their free amounts (authorizeDebit uses up the entry verified for this card). Only
 * the payer may; a card confirms once (a second press, here or on
 * another instance, waits for the card's row lock and gets the first outcome back, marked
 * alreadyDone); an expired or cancelled card moves nothing. The money moves under the card's
 * own idempotency key in the same unit of work that closes the card and writes the payee's
 * receipt to the outbox.
 */
export function confirmPaymentCard(
  db: Database,
  rules: SecurityRules,
  token: string,
  actor: { userId: number; telegramId: bigint },
): Promise<CardOutcome> {
  const { userId: actorUserId, telegramId: actorTelegramId } = actor
  const target = entryTargets.card(token)
  return db.write(async (tx): Promise<CardOutcome> => {
    const card = await findCard(tx, token, actorUserId)
    if (card.status === 'cancelled') throw new DomainError('CARD_CANCELLED')
    const alreadyDone = card.status === 'confirmed'
    if (!alreadyDone && card.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('CARD_EXPIRED')
    const idempotencyKey = idempotencyKeys.card(card.token)
    if (card.toUserId !== null) {
      const receipt = await transferInTx(
        tx,
        rules,
        card.currency,
        { idempotencyKey, fromUserId: card.fromUserId, toUserId: card.toUserId, amountMinor: card.amountMinor, memo: card.memo, actorTelegramId },
        'transfer',
        target,
      )
      await tx.run(`UPDATE payment_cards SET status = 'confirmed', posting_id = ?, closed_at = COALESCE(closed_at, ?) WHERE id = ?`, receipt.postingId, tx.now, card.id)
      await enqueueReceipt(tx, receipt, card.receiveCodeId !== null)
      return { kind: 'transfer', card: { ...card, status: 'confirmed' }, receipt, alreadyDone }
    }
    const claim = await createClaimInTx(tx, rules, {
      idempotencyKey,
      senderUserId: card.fromUserId,
      amountMinor: card.amountMinor,
      currency: card.currency,
      memo: card.memo,
      actorTelegramId,
      target,
    })
    await tx.run(`UPDATE payment_cards SET status = 'confirmed', claim_id = ?, closed_at = COALESCE(closed_at, ?) WHERE id = ?`, claim.id, tx.now, card.id)
    return { kind: 'claim', card: { ...card, status: 'confirmed' }, claim, alreadyDone }
  })
}

/**
 * The payee hears of a transfer after it commits, through the outbox (once per posting); of a
 * payment held for review, only once an admin approves it (review.ts).
 */
async function enqueueReceipt(tx: Tx, receipt: TransferReceipt, byReceiveCode: boolean): Promise<void> {
  if (receipt.toBalanceAfterMinor === null) return
  await enqueue(tx, {
    dedupeKey: noticeKeys.transferReceived(receipt.postingId),
    // Paid by scanning the payee's receive code: they hear 收款到账, as at a till.
    type: byReceiveCode ? 'code_payment_received' : 'transfer_received',
    userId: receipt.toUserId,
    data: {
      fromUserId: receipt.fromUserId,
      amountMinor: receipt.amountMinor.toString(),
      currency: receipt.currency,
      balanceAfterMinor: receipt.toBalanceAfterMinor.toString(),
      memo: receipt.memo,
    },
  })
}

/** Cancel pressed: only the payer, only while pending. Cancelling twice is harmless. */
export function cancelPaymentCard(db: Database, token: string, actorUserId: number): Promise<PaymentCard> {
  return db.write(async (tx) => {
    const card = await findCard(tx, token, actorUserId)
    if (card.status === 'confirmed') return card
    await tx.run(`UPDATE payment_cards SET status = 'cancelled', closed_at = COALESCE(closed_at, ?) WHERE id = ?`, tx.now, card.id)
    await cancelEntriesFor(tx, actorUserId, entryTargets.card(token))
    return { ...card, status: 'cancelled' }
  })
}

/** The card as its payer sees it (to say, on the password keypad, what is being paid). */
export function getPaymentCard(db: Database, token: string, actorUserId: number): Promise<PaymentCard> {
  return db.read((tx) => findCard(tx, token, actorUserId, false))
}

/** The card, locked for the rest of the unit: Confirm and Cancel on two instances take turns. */
async function findCard(tx: Tx, token: string, actorUserId: number, lock = true): Promise<PaymentCard> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM payment_cards WHERE token = ?${lock ? ' FOR UPDATE' : ''}`, token)
  if (!row) throw new DomainError('CARD_NOT_FOUND')
  const card = toCard(row)
  if (card.fromUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
  return card
}

function toCard(row: Record<string, unknown>): PaymentCard {
  return {
    id: asNumber(row.id),
    token: row.token as string,
    fromUserId: asNumber(row.from_user_id),
    toUserId: asNumberOrNull(row.to_user_id),
    toUsername: row.to_username as string | null,
    amountMinor: asBigint(row.amount_minor),
    currency: row.currency as string,
    memo: row.memo as string | null,
    status: row.status as PaymentCard['status'],
    expiresAt: asDate(row.expires_at),
    receiveCodeId: asNumberOrNull(row.receive_code_id),
  }
}
