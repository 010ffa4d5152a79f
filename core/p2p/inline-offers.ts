import type { SecurityRules } from '../wallet/config.js'
import type { Database } from '../db/database.js'
import { asBigint, asDate, asNumber, asNumberOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { enqueue } from '../outbox/outbox.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { newToken } from '../common/tokens.js'
import type { WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount, normalizeMemo } from '../wallet/payment-guards.js'
import { assertPayableWithoutPassword } from '../security/authorize.js'
import { transferInTx, type TransferReceipt } from '../wallet/transfer.js'

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

/**
 * An inline query that parses becomes an offer; nothing is debited until someone accepts it.
 * No password can be typed in inline mode, so an offer above what the sender may pay without
 * it is refused now (with the reason), not when someone presses Accept.
 */
export async function createInlineOffer(
  db: Database,
  config: WalletConfig,
  request: { senderUserId: number; amountMinor: bigint; memo?: string | null },
): Promise<InlineOffer> {
  assertPaymentAmount(config, request.amountMinor)
  const memo = normalizeMemo(config, request.memo)
  return db.write(async (tx) => {
    await assertPayableWithoutPassword(tx, config, { userId: request.senderUserId, amountMinor: request.amountMinor, currency: config.currency })
    const row = await tx.get<Record<string, unknown>>(
      `INSERT INTO inline_offers (token, sender_user_id, amount_minor, currency, memo, status, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *`,
      newToken(),
      request.senderUserId,
      request.amountMinor,
      config.currency,
      memo,
      new Date(tx.now.getTime() + OFFER_TTL_MS),
      tx.now,
    )
    return toOffer(row!)
  })
}

/** The sender picked the result: remember which message carries the offer. */
export async function placeInlineOffer(db: Database, token: string, inlineMessageId: string): Promise<void> {
  await db.write((tx) => tx.run('UPDATE inline_offers SET inline_message_id = ? WHERE token = ? AND inline_message_id IS NULL', inlineMessageId, token))
}

/**
 * Accept pressed: the first other person gets the money, debited from the sender now with a
 * fresh balance check (a refused debit leaves the offer open for later), and the sender's
 * notice goes to the outbox. The offer is locked first, so two presses at once (two people,
 * two instances) take turns. Pressing again as the receiver is harmless; as anyone else it
 * says someone was first.
 */
export function receiveInlineOffer(
  db: Database,
  rules: SecurityRules,
  token: string,
  receiverUserId: number,
): Promise<{ offer: InlineOffer; receipt: TransferReceipt; alreadyDone: boolean }> {
  return db.write(async (tx) => {
    const offer = await findOffer(tx, token)
    if (offer.senderUserId === receiverUserId) throw new DomainError('OFFER_OWN')
    if (offer.status === 'cancelled') throw new DomainError('OFFER_CANCELLED')
    if (offer.status === 'received' && offer.receiverUserId !== receiverUserId) throw new DomainError('OFFER_TAKEN')
    const alreadyDone = offer.status === 'received'
    if (!alreadyDone && offer.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('OFFER_EXPIRED')
    const receipt = await transferInTx(tx, rules, offer.currency, {
      idempotencyKey: idempotencyKeys.inlineOffer(offer.token),
      fromUserId: offer.senderUserId,
      toUserId: receiverUserId,
      amountMinor: offer.amountMinor,
      memo: offer.memo,
    }, 'inline_offer', null)
    await tx.run(
      `UPDATE inline_offers SET status = 'received', receiver_user_id = ?, posting_id = ?, closed_at = COALESCE(closed_at, ?) WHERE id = ?`,
      receiverUserId,
      receipt.postingId,
      tx.now,
      offer.id,
    )
    await enqueue(tx, {
      dedupeKey: noticeKeys.offerAccepted(offer.id),
      type: 'offer_accepted',
      userId: offer.senderUserId,
      data: {
        receiverUserId,
        amountMinor: receipt.amountMinor.toString(),
        currency: receipt.currency,
        balanceAfterMinor: receipt.fromBalanceAfterMinor.toString(),
      },
    })
    return { offer: { ...offer, status: 'received' as const, receiverUserId }, receipt, alreadyDone }
  })
}

/** The sender withdraws an offer nobody accepted yet. */
export function cancelInlineOffer(db: Database, token: string, actorUserId: number): Promise<InlineOffer> {
  return db.write(async (tx) => {
    const offer = await findOffer(tx, token)
    if (offer.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (offer.status === 'received') throw new DomainError('OFFER_TAKEN')
    await tx.run(`UPDATE inline_offers SET status = 'cancelled', closed_at = COALESCE(closed_at, ?) WHERE id = ?`, tx.now, offer.id)
    return { ...offer, status: 'cancelled' as const }
  })
}

/** The offer, locked for the rest of the unit. */
async function findOffer(tx: Tx, token: string): Promise<InlineOffer> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM inline_offers WHERE token = ? FOR UPDATE', token)
  if (!row) throw new DomainError('OFFER_NOT_FOUND')
  return toOffer(row)
}

function toOffer(row: Record<string, unknown>): InlineOffer {
  return {
    id: asNumber(row.id),
    token: row.token as string,
    senderUserId: asNumber(row.sender_user_id),
    amountMinor: asBigint(row.amount_minor),
    currency: row.currency as string,
    memo: row.memo as string | null,
    status: row.status as InlineOffer['status'],
    inlineMessageId: row.inline_message_id as string | null,
    receiverUserId: asNumberOrNull(row.receiver_user_id),
    expiresAt: asDate(row.expires_at),
  }
}
