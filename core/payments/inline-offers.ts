import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'
import { DomainError } from '../errors.js'
import type { WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount, normalizeMemo } from '../wallet/payment-guards.js'
import { transferInTx, type TransferReceipt } from '../wallet/transfer.js'
import { newToken } from './token.js'

export const OFFER_TTL_MS = 24 * 60 * 60 * 1000

export interface InlineOffer {
  id: number
  token: string
  senderUserId: number
  amountMinor: bigint
  currency: string
  memo: string | null
  status: 'open' | 'received' | 'cancelled'
  inlineMessageId: string | null
  receiverUserId: number | null
  expiresAt: Date
}

/** An inline query that parses becomes an offer; nothing is debited until someone receives it. */
export async function createInlineOffer(
  db: Database,
  config: WalletConfig,
  request: { senderUserId: number; amountMinor: bigint; memo?: string | null },
): Promise<InlineOffer> {
  assertPaymentAmount(config, request.amountMinor)
  const memo = normalizeMemo(config, request.memo)
  return db.writer.run((tx) => {
    const id = tx.insert(
      `INSERT INTO inline_offers (token, sender_user_id, amount_minor, currency, memo, status, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`,
      newToken(),
      request.senderUserId,
      request.amountMinor,
      config.currency,
      memo,
      tx.now.getTime() + OFFER_TTL_MS,
      tx.now.getTime(),
    )
    return offerById(tx, id)
  })
}

/** The sender picked the result: remember which message carries the offer. */
export function placeInlineOffer(db: Database, token: string, inlineMessageId: string): Promise<void> {
  return db.writer.run((tx) => {
    tx.run('UPDATE inline_offers SET inline_message_id = ? WHERE token = ? AND inline_message_id IS NULL', inlineMessageId, token)
  })
}

/**
 * Receive pressed: the first other person gets the money, debited from the sender now with a
 * fresh balance check (a refused debit leaves the offer open for later). Pressing again as
 * the receiver is harmless; as anyone else it says who was first.
 */
export function receiveInlineOffer(
  db: Database,
  token: string,
  receiverUserId: number,
): Promise<{ offer: InlineOffer; receipt: TransferReceipt; alreadyDone: boolean }> {
  return db.writer.run((tx) => {
    const offer = findOffer(tx, token)
    if (offer.senderUserId === receiverUserId) throw new DomainError('OFFER_OWN')
    if (offer.status === 'cancelled') throw new DomainError('OFFER_CANCELLED')
    if (offer.status === 'received' && offer.receiverUserId !== receiverUserId) throw new DomainError('OFFER_TAKEN')
    const alreadyDone = offer.status === 'received'
    if (!alreadyDone && offer.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('OFFER_EXPIRED')
    const receipt = transferInTx(tx, offer.currency, {
      idempotencyKey: `inline:${offer.token}`,
      fromUserId: offer.senderUserId,
      toUserId: receiverUserId,
      amountMinor: offer.amountMinor,
      memo: offer.memo,
    })
    tx.run(
      `UPDATE inline_offers SET status = 'received', receiver_user_id = ?, posting_id = ?, closed_at = COALESCE(closed_at, ?) WHERE id = ?`,
      receiverUserId,
      receipt.postingId,
      tx.now.getTime(),
      offer.id,
    )
    return { offer: offerById(tx, offer.id), receipt, alreadyDone }
  })
}

/** The sender withdraws an offer nobody received yet. */
export function cancelInlineOffer(db: Database, token: string, actorUserId: number): Promise<InlineOffer> {
  return db.writer.run((tx) => {
    const offer = findOffer(tx, token)
    if (offer.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (offer.status === 'received') throw new DomainError('OFFER_TAKEN')
    tx.run(`UPDATE inline_offers SET status = 'cancelled', closed_at = COALESCE(closed_at, ?) WHERE id = ?`, tx.now.getTime(), offer.id)
    return offerById(tx, offer.id)
  })
}

function findOffer(tx: WriteTx, token: string): InlineOffer {
  const row = tx.get<{ id: bigint }>('SELECT id FROM inline_offers WHERE token = ?', token)
  if (!row) throw new DomainError('OFFER_NOT_FOUND')
  return offerById(tx, Number(row.id))
}

function offerById(tx: WriteTx, id: number): InlineOffer {
  const row = tx.get<{
    id: bigint
    token: string
    sender_user_id: bigint
    amount_minor: bigint
    currency: string
    memo: string | null
    status: InlineOffer['status']
    inline_message_id: string | null
    receiver_user_id: bigint | null
    expires_at: bigint
  }>('SELECT * FROM inline_offers WHERE id = ?', id)!
  return {
    id: Number(row.id),
    token: row.token,
    senderUserId: Number(row.sender_user_id),
    amountMinor: row.amount_minor,
    currency: row.currency,
    memo: row.memo,
    status: row.status,
    inlineMessageId: row.inline_message_id,
    receiverUserId: row.receiver_user_id === null ? null : Number(row.receiver_user_id),
    expiresAt: new Date(Number(row.expires_at)),
  }
}
