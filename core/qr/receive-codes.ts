import type { Database } from '../db/database.js'
import { asBigintOrNull, asDateOrNull, asNumber, asNumberOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { newToken } from '../common/tokens.js'
import { merchantById, ownMerchant, type Merchant } from '../merchants/merchants.js'
import { createCodeOrder, type MerchantOrder } from '../merchants/orders.js'
import { createPaymentCardInTx, type PaymentCard } from '../p2p/cards.js'
import type { WalletConfig } from '../wallet/config.js'
import { assertPaymentAmount, normalizeMemo } from '../wallet/payment-guards.js'

/*
 * Receive codes (收款码): a person's QR code that others scan to pay them. The code's link
 * carries only a random token; who is paid, how much and the note come from the row, which
 * is never edited. Paying one makes an ordinary confirmation card (cards.ts), so the payment
 * goes through the same authorization step as any transfer.
 */

/** How long a fixed-amount code can be paid. */
export const FIXED_CODE_TTL_MS = 24 * 3_600_000
/** How long an open-amount code waits for the payer to type the amount. */
export const AMOUNT_PROMPT_TTL_MS = 10 * 60_000

export interface ReceiveCode {
  id: number
  token: string
  ownerUserId: number
  /** A merchant's static code pays the merchant (merchantId), at the amount the payer types. */
  kind: 'personal' | 'fixed' | 'merchant'
  /** Null for a personal code: the payer types the amount. */
  amountMinor: bigint | null
  currency: string
  memo: string | null
  expiresAt: Date | null
  revokedAt: Date | null
  merchantId: number | null
}

/**
 * The owner's personal code, made on first use. The owner's row is locked first, so two
 * requests at once (two instances) make one code, not two.
 */
export function personalCode(db: Database, currency: string, ownerUserId: number): Promise<ReceiveCode> {
  return db.write(async (tx) => {
    await lockOwner(tx, ownerUserId)
    const row = await tx.get<Record<string, unknown>>(
      `SELECT * FROM receive_codes WHERE owner_user_id = ? AND kind = 'personal' AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`,
      ownerUserId,
    )
    return row ? toCode(row) : insertCode(tx, { ownerUserId, kind: 'personal', amountMinor: null, currency, memo: null, expiresAt: null, merchantId: null })
  })
}

/** Replaces the personal code: links to the old one say it was reset and pay nothing. */
export function resetPersonalCode(db: Database, currency: string, ownerUserId: number): Promise<ReceiveCode> {
  return db.write(async (tx) => {
    await lockOwner(tx, ownerUserId)
    await tx.run(`UPDATE receive_codes SET revoked_at = ? WHERE owner_user_id = ? AND kind = 'personal' AND revoked_at IS NULL`, tx.now, ownerUserId)
    return insertCode(tx, { ownerUserId, kind: 'personal', amountMinor: null, currency, memo: null, expiresAt: null, merchantId: null })
  })
}

/** The static code (商户收款码) of the owner's merchant, made on first use: the payer types the amount. */
export function merchantCode(db: Database, currency: string, ownerUserId: number): Promise<{ code: ReceiveCode; merchant: Merchant }> {
  return db.write(async (tx) => {
    await lockOwner(tx, ownerUserId)
    const merchant = await ownMerchant(tx, ownerUserId)
    const row = await tx.get<Record<string, unknown>>(`SELECT * FROM receive_codes WHERE merchant_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`, merchant.id)
    const code = row ? toCode(row) : await insertCode(tx, { ownerUserId, kind: 'merchant', amountMinor: null, currency, memo: null, expiresAt: null, merchantId: merchant.id })
    return { code, merchant }
  })
}

/** A code for one amount (and note), payable for FIXED_CODE_TTL_MS. */
export function fixedCode(db: Database, config: WalletConfig, request: { ownerUserId: number; amountMinor: bigint; memo?: string | null }): Promise<ReceiveCode> {
  assertPaymentAmount(config, request.amountMinor)
  const memo = normalizeMemo(config, request.memo)
  return db.write(async (tx) => {
    await lockOwner(tx, request.ownerUserId)
    const expiresAt = new Date(tx.now.getTime() + FIXED_CODE_TTL_MS)
    return insertCode(tx, { ownerUserId: request.ownerUserId, kind: 'fixed', amountMinor: request.amountMinor, currency: config.currency, memo, expiresAt, merchantId: null })
  })
}

/** A scanned code as its payer may use it: refused when it is unknown, reset, expired or their own. */
export function openReceiveCode(db: Database, token: string, payerUserId: number): Promise<ReceiveCode> {
  return db.read((tx) => payableCode(tx, token, payerUserId))
}

/**
 * An open-amount code opened by a payer: the next amount they type pays it (askedAmount).
 * Opening another code replaces the prompt.
 */
export function askAmount(db: Database, token: string, payerUserId: number): Promise<ReceiveCode> {
  return db.write(async (tx) => {
    const code = await payableCode(tx, token, payerUserId)
    await tx.run(
      `INSERT INTO code_prompts (user_id, receive_code_id, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET receive_code_id = excluded.receive_code_id, expires_at = excluded.expires_at`,
      payerUserId,
      code.id,
      new Date(tx.now.getTime() + AMOUNT_PROMPT_TTL_MS),
    )
    return code
  })
}

/** The token of the code a payer was asked an amount for, while the prompt lasts; else null. */
export async function askedAmountFor(db: Database, payerUserId: number): Promise<string | null> {
  const row = await db.read((tx) =>
    tx.get<{ token: string }>('SELECT c.token FROM code_prompts p JOIN receive_codes c ON c.id = p.receive_code_id WHERE p.user_id = ? AND p.expires_at > ?', payerUserId, tx.now),
  )
  return row?.token ?? null
}

/** What paying a code leads to: a person's card, or an order of the merchant whose code it is. */
export type CodePayment = { kind: 'card'; code: ReceiveCode; card: PaymentCard } | { kind: 'order'; code: ReceiveCode; order: MerchantOrder; merchant: Merchant }

/**
 * The confirmation card for paying a code — for a merchant's code, the order for this payer —
 * at its own amount when it has one (any amount the payer typed is ignored), else the typed
 * amount; the note is the code's. Ends the payer's amount prompt.
 */
export function cardForCode(db: Database, config: WalletConfig, request: { token: string; payerUserId: number; amountMinor: bigint | null }): Promise<CodePayment> {
  return db.write(async (tx): Promise<CodePayment> => {
    const code = await payableCode(tx, request.token, request.payerUserId)
    const amountMinor = code.amountMinor ?? request.amountMinor
    if (amountMinor === null) throw new DomainError('AMOUNT_EMPTY')
    await tx.run('DELETE FROM code_prompts WHERE user_id = ?', request.payerUserId)
    if (code.merchantId !== null) {
      const order = await createCodeOrder(tx, config, { merchantId: code.merchantId, payerUserId: request.payerUserId, amountMinor, description: code.memo })
      return { kind: 'order', code, order, merchant: await merchantById(tx, code.merchantId) }
    }
    const card = await createPaymentCardInTx(tx, config, { fromUserId: request.payerUserId, to: { userId: code.ownerUserId }, amountMinor, memo: code.memo, receiveCodeId: code.id })
    return { kind: 'card', code, card }
  })
}

async function payableCode(tx: Tx, token: string, payerUserId: number): Promise<ReceiveCode> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM receive_codes WHERE token = ?', token)
  if (!row) throw new DomainError('RECEIVE_CODE_NOT_FOUND')
  const code = toCode(row)
  if (code.revokedAt) throw new DomainError('RECEIVE_CODE_RESET')
  if (code.expiresAt && code.expiresAt.getTime() <= tx.now.getTime()) throw new DomainError('RECEIVE_CODE_EXPIRED')
  if (code.ownerUserId === payerUserId) throw new DomainError('RECEIVE_CODE_OWN')
  return code
}

async function lockOwner(tx: Tx, userId: number): Promise<void> {
  if (!(await tx.get('SELECT id FROM users WHERE id = ? FOR UPDATE', userId))) throw new DomainError('USER_NOT_FOUND')
}

async function insertCode(tx: Tx, code: Omit<ReceiveCode, 'id' | 'token' | 'revokedAt'>): Promise<ReceiveCode> {
  const row = await tx.get<Record<string, unknown>>(
    `INSERT INTO receive_codes (token, owner_user_id, kind, amount_minor, currency, memo, expires_at, created_at, merchant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    newToken(),
    code.ownerUserId,
    code.kind,
    code.amountMinor,
    code.currency,
    code.memo,
    code.expiresAt,
    tx.now,
    code.merchantId,
  )
  return toCode(row!)
}

function toCode(row: Record<string, unknown>): ReceiveCode {
  return {
    id: asNumber(row.id),
    token: row.token as string,
    ownerUserId: asNumber(row.owner_user_id),
    kind: row.kind as ReceiveCode['kind'],
    amountMinor: asBigintOrNull(row.amount_minor),
    currency: row.currency as string,
    memo: row.memo as string | null,
    expiresAt: asDateOrNull(row.expires_at),
    revokedAt: asDateOrNull(row.revoked_at),
    merchantId: asNumberOrNull(row.merchant_id),
  }
}
