import { createHash } from 'node:crypto'
import type { Database } from '../db/database.js'
import { asDate, asNumber, asNumberOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { newToken } from '../common/tokens.js'
import { enqueue } from '../outbox/outbox.js'
import { recordSecurityEvent } from '../security/account-security.js'
import type { FieldCipher } from '../security/field-cipher.js'
import { entryTargets, useVerifiedEntry } from '../security/password-entry.js'
import { assertPasswordUsable } from '../security/password.js'
import { phoneContext } from '../security/phone.js'
import { cardFacts, cardNumberIndex, maskHolderName, normalizeCardNumber, normalizeHolderName, type BankCode, type CardType } from './card-number.js'
import type { BankGateway } from './gateway.js'

/*
 * Binding a bank card (添加银行卡): the owner gives the card number and the cardholder's name;
 * the bank texts a one-time code (验证码) to the phone the owner verified with us, and the
 * owner types it on a keypad. Each step is a conditional move of the binding row, so a
 * double press or a second instance cannot run a step twice; the bank is called between
 * units of work, never inside one. The number is sealed from the moment it arrives.
 */

/** How long a binding can take, from “Add a card” to the last digit of the code. */
export const BINDING_TTL_MS = 10 * 60_000
/** Most cards one wallet may have bound at once. */
export const MAX_CARDS = 5
export const CODE_LENGTH = 6

export interface BankCardView {
  token: string
  bankCode: BankCode | null
  cardType: CardType | null
  last4: string
  holderMasked: string
  createdAt: Date
}

export interface BindingView {
  token: string
  status: string
  seq: number
  filled: number
  last4: string | null
  bankCode: BankCode | null
  cardType: CardType | null
  phoneMasked: string | null
  triesLeft: number | null
  expiresAt: Date
}

export type BindingPress =
  | { kind: 'typing' | 'cancelled' | 'wrong'; binding: BindingView }
  | { kind: 'expired' | 'too_many_tries' }
  | { kind: 'bound'; card: BankCardView }

export interface BankCardDeps {
  db: Database
  cipher: FieldCipher
  /** The blind index's key (see cardNumberIndex). */
  indexKey: Uint8Array
  bank: BankGateway
}

/** A sealed number opens only for its owner's rows. */
export const numberContext = (userId: number) => `bank_cards.number_sealed:${userId}`

/**
 * “Add a card”: a binding waiting for the number and name (the owner's other unfinished one
 * ends). Binding needs a payment password (unbinding, top-ups and withdrawals ask for it) and
 * a verified phone (where the bank sends its code).
 */
export function startBinding(db: Database, userId: number): Promise<BindingView> {
  return db.write(async (tx) => {
    await assertPasswordUsable(tx, userId)
    const user = await tx.get<{ phone_masked: string | null }>('SELECT phone_masked FROM users WHERE id = ?', userId)
    if (!user?.phone_masked) throw new DomainError('PHONE_NOT_VERIFIED')
    await assertRoomForCard(tx, userId)
    await tx.run(`UPDATE bank_bindings SET status = 'cancelled', digits = '' WHERE user_id = ? AND status IN ('awaiting_card', 'code_sent')`, userId)
    const row = await tx.get<Record<string, unknown>>(
      `INSERT INTO bank_bindings (token, user_id, status, digits, seq, expires_at, created_at) VALUES (?, ?, 'awaiting_card', '', 0, ?, ?) RETURNING *`,
      newToken(),
      userId,
      new Date(tx.now.getTime() + BINDING_TTL_MS),
      tx.now,
    )
    return toBindingView(row!, user.phone_masked)
  })
}

/** Whether the owner was asked for a card number just now (their next text is read as one). */
export async function awaitingCardNumber(db: Database, userId: number): Promise<boolean> {
  const row = await db.read((tx) => tx.get(`SELECT 1 FROM bank_bindings WHERE user_id = ? AND status = 'awaiting_card' AND expires_at > ?`, userId, tx.now))
  return row !== undefined
}

/**
 * The number and the name, as one message (`6222 0212 3456 7890 128 张三`): checked (Luhn,
 * not bound already), sealed, and sent to the bank, which texts its code. The binding then
 * waits for the code on the keypad.
 */
export async function submitCard(deps: BankCardDeps, userId: number, text: string): Promise<BindingView> {
  const { number, holder } = parseCardMessage(text)
  const index = cardNumberIndex(deps.indexKey, number)
  const facts = cardFacts(number)
  const sending = await deps.db.write(async (tx) => {
    const binding = await openBinding(tx, userId, 'awaiting_card')
    await assertNotBound(tx, userId, index)
    const user = await tx.get<{ phone_sealed: string | null; phone_masked: string | null }>('SELECT phone_sealed, phone_masked FROM users WHERE id = ?', userId)
    if (!user?.phone_sealed) throw new DomainError('PHONE_NOT_VERIFIED')
    const moved = await tx.run(
      `UPDATE bank_bindings SET status = 'sending', number_sealed = ?, number_index = ?, bin = ?, last4 = ?, holder_masked = ? WHERE id = ? AND status = 'awaiting_card'`,
      deps.cipher.seal(number, numberContext(userId)),
      index,
      facts.bin,
      facts.last4,
      maskHolderName(holder),
      asNumber(binding.id),
    )
    if (moved === 0) throw new DomainError('BINDING_NOT_FOUND')
    return { id: asNumber(binding.id), token: binding.token as string, phone: deps.cipher.open(user.phone_sealed, phoneContext(userId)), phoneMasked: user.phone_masked }
  })
  const answer = await deps.bank.startBinding({ reference: sending.token, cardNumber: number, holderName: holder, phone: sending.phone }).catch(async (error: unknown) => {
    await deps.db.write((tx) => tx.run(`UPDATE bank_bindings SET status = 'awaiting_card' WHERE id = ? AND status = 'sending'`, sending.id))
    throw error
  })
  if (answer.status === 'declined') {
    // Recorded in a unit of its own: a refusal thrown inside it would roll the record back.
    await deps.db.write((tx) => tx.run(`UPDATE bank_bindings SET status = 'failed' WHERE id = ? AND status = 'sending'`, sending.id))
    throw new DomainError('BANK_DECLINED', { reason: answer.reason }, { ownerUserId: userId })
  }
  return deps.db.write(async (tx) => {
    const expiresAt = new Date(Math.min(answer.expiresAt.getTime(), tx.now.getTime() + BINDING_TTL_MS))
    await tx.run(`UPDATE bank_bindings SET status = 'code_sent', bank_binding_id = ?, expires_at = ? WHERE id = ? AND status = 'sending'`, answer.bindingId, expiresAt, sending.id)
    const row = await tx.get<Record<string, unknown>>('SELECT * FROM bank_bindings WHERE id = ?', sending.id)
    return toBindingView(row!, sending.phoneMasked)
  })
}

/** `<13–19 digits, spaces allowed> <name>`. */
function parseCardMessage(text: string): { number: string; holder: string } {
  const match = /^\s*([\d][\d\s-]{11,30}\d)\s+(\S.*)$/su.exec(text)
  if (!match) throw new DomainError(/\d{6}/.test(text) ? 'CARD_HOLDER_INVALID' : 'CARD_NUMBER_INVALID')
  return { number: normalizeCardNumber(match[1]!), holder: normalizeHolderName(match[2]!) }
}

/**
 * A press on the code's keypad, bound to the binding and its current sequence number (a
 * stale or foreign press changes nothing). The sixth digit closes the keypad in its unit,
 * then the bank checks the code: bound, wrong (tries left), expired, or too many tries.
 */
export async function pressBindingKey(deps: BankCardDeps, press: { token: string; userId: number; seq: number; key: number | 'back' | 'cancel' }): Promise<BindingPress> {
  const typed = await deps.db.write(async (tx) => {
    const row = await tx.get<Record<string, unknown>>('SELECT * FROM bank_bindings WHERE token = ? FOR UPDATE', press.token)
    if (!row || asNumber(row.user_id) !== press.userId) throw new DomainError('BINDING_NOT_FOUND')
    if (row.status !== 'code_sent' || asNumber(row.seq) !== press.seq) throw new DomainError('PASSWORD_ENTRY_STALE')
    const id = asNumber(row.id)
    if (asDate(row.expires_at) <= tx.now) {
      await tx.run(`UPDATE bank_bindings SET status = 'expired', digits = '' WHERE id = ?`, id)
      return { kind: 'expired' as const }
    }
    if (press.key === 'cancel') {
      await tx.run(`UPDATE bank_bindings SET status = 'cancelled', digits = '', seq = seq + 1 WHERE id = ?`, id)
      return { kind: 'cancelled' as const, row: { ...row, status: 'cancelled', digits: '' }, phoneMasked: null }
    }
    const before = row.digits as string
    const digits = press.key === 'back' ? before.slice(0, -1) : `${before}${press.key}`
    if (digits.length < CODE_LENGTH) {
      await tx.run('UPDATE bank_bindings SET digits = ?, seq = seq + 1 WHERE id = ?', digits, id)
      return { kind: 'typing' as const, row: { ...row, digits, seq: asNumber(row.seq) + 1 }, phoneMasked: await phoneMaskedOf(tx, press.userId) }
    }
    await tx.run(`UPDATE bank_bindings SET status = 'checking', digits = '', seq = seq + 1 WHERE id = ?`, id)
    return { kind: 'check' as const, code: digits, row }
  })
  if (typed.kind === 'expired') return typed
  if (typed.kind !== 'check') return { kind: typed.kind, binding: toBindingView(typed.row, typed.phoneMasked) }
  const bindingId = asNumber(typed.row.id)
  const answer = await deps.bank.confirmBinding({ bindingId: typed.row.bank_binding_id as string, code: typed.code }).catch(async (error: unknown) => {
    await deps.db.write((tx) => tx.run(`UPDATE bank_bindings SET status = 'code_sent' WHERE id = ? AND status = 'checking'`, bindingId))
    throw error
  })
  if (answer.status === 'bound') return { kind: 'bound', card: await bindCard(deps, bindingId, answer.agreementId) }
  return deps.db.write(async (tx): Promise<BindingPress> => {
    if (answer.status === 'code_wrong') {
      await tx.run(`UPDATE bank_bindings SET status = 'code_sent', tries_left = ? WHERE id = ? AND status = 'checking'`, answer.triesLeft, bindingId)
      const row = await tx.get<Record<string, unknown>>('SELECT * FROM bank_bindings WHERE id = ?', bindingId)
      return { kind: 'wrong', binding: toBindingView(row!, await phoneMaskedOf(tx, asNumber(row!.user_id))) }
    }
    await tx.run(`UPDATE bank_bindings SET status = ? WHERE id = ? AND status = 'checking'`, answer.status === 'code_expired' ? 'expired' : 'failed', bindingId)
    return { kind: answer.status === 'code_expired' ? 'expired' : 'too_many_tries' }
  })
}

/**
 * The bank bound the card: it joins the owner's cards, unless the same card got bound in the
 * meantime (the blind index is unique among bound cards: the insert does nothing, and the
 * bank's new agreement is ended). A first card raises the owner's verification level.
 */
async function bindCard(deps: BankCardDeps, bindingId: number, agreementId: string): Promise<BankCardView> {
  const outcome = await deps.db.write(async (tx) => {
    const binding = (await tx.get<Record<string, unknown>>('SELECT * FROM bank_bindings WHERE id = ? FOR UPDATE', bindingId))!
    const userId = asNumber(binding.user_id)
    const facts = cardFacts(deps.cipher.open(binding.number_sealed as string, numberContext(userId)))
    const card = await tx.get<Record<string, unknown>>(
      `INSERT INTO bank_cards (token, user_id, number_sealed, number_index, bin, last4, bank_code, card_type, holder_masked, agreement_id, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?) ON CONFLICT (number_index) DO NOTHING RETURNING *`,
      newToken(),
      userId,
      binding.number_sealed as string,
      binding.number_index as string,
      facts.bin,
      facts.last4,
      facts.bankCode,
      facts.cardType,
      binding.holder_masked as string,
      agreementId,
      tx.now,
    )
    if (!card) {
      await tx.run(`UPDATE bank_bindings SET status = 'failed' WHERE id = ?`, bindingId)
      return { refused: true as const }
    }
    await tx.run(`UPDATE bank_bindings SET status = 'bound', card_id = ? WHERE id = ?`, asNumber(card.id), bindingId)
    await tx.run('UPDATE users SET card_bound_at = COALESCE(card_bound_at, ?) WHERE id = ?', tx.now, userId)
    await recordSecurityEvent(tx, userId, 'card_bound', null, facts.last4)
    return { refused: false as const, card: toCardView(card) }
  })
  if (!outcome.refused) return outcome.card
  await deps.bank.unbind(agreementId).catch(() => undefined) // ours refused it; the bank's agreement must not linger
  throw new DomainError('CARD_BOUND_ELSEWHERE')
}

/** The owner's bound cards, oldest first. */
export function listCards(db: Database, userId: number): Promise<BankCardView[]> {
  return db.read(async (tx) => (await tx.all<Record<string, unknown>>(`SELECT * FROM bank_cards WHERE user_id = ? AND status = 'active' ORDER BY id`, userId)).map(toCardView))
}

/** One of the owner's bound cards, by its token. */
export async function ownCard(tx: Tx, userId: number, cardToken: string, options: { lock?: boolean } = {}): Promise<BankCardView & { id: number; agreementId: string }> {
  // `lock`: a confirm that sends money through the card and its unbinding wait for each other.
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM bank_cards WHERE token = ? AND status = 'active'${options.lock ? ' FOR UPDATE' : ''}`, cardToken)
  if (!row || asNumber(row.user_id) !== userId) throw new DomainError('BANK_CARD_NOT_FOUND')
  return { ...toCardView(row), id: asNumber(row.id), agreementId: row.agreement_id as string }
}

/**
 * One of the owner's cards that may be unbound now: not while a top-up or withdrawal through
 * it waits for the bank (BANK_CARD_BUSY) — its answer, or a resend, needs the bank's agreement.
 */
export async function unbindableCard(tx: Tx, userId: number, cardToken: string, options: { lock?: boolean } = {}): Promise<BankCardView & { id: number; agreementId: string }> {
  const card = await ownCard(tx, userId, cardToken, options)
  const inFlight = await tx.get(`SELECT 1 FROM bank_operations WHERE card_id = ? AND status IN ('submitting', 'pending')`, card.id)
  if (inFlight) throw new DomainError('BANK_CARD_BUSY', {}, { ownerUserId: userId })
  return card
}

/**
 * Unbinds a card once the owner gave the password for exactly that (entryTargets.unbindCard).
 * Its index is cleared (it may be bound again, by anyone); the last card gone lowers the
 * verification level. The bank's agreement is ended after the commit.
 */
export async function unbindCard(deps: Pick<BankCardDeps, 'db' | 'bank'>, userId: number, cardToken: string): Promise<BankCardView> {
  const card = await deps.db.write(async (tx) => {
    const card = await unbindableCard(tx, userId, cardToken, { lock: true })
    if (!(await useVerifiedEntry(tx, userId, entryTargets.unbindCard(cardToken)))) throw new DomainError('PASSWORD_REQUIRED', {}, { ownerUserId: userId })
    await tx.run(`UPDATE bank_cards SET status = 'unbound', number_index = NULL, unbound_at = ? WHERE id = ? AND status = 'active'`, tx.now, card.id)
    const left = await tx.get(`SELECT 1 FROM bank_cards WHERE user_id = ? AND status = 'active'`, userId)
    if (!left) await tx.run('UPDATE users SET card_bound_at = NULL WHERE id = ?', userId)
    await recordSecurityEvent(tx, userId, 'card_unbound', null, card.last4)
    return card
  })
  await deps.bank.unbind(card.agreementId).catch(() => undefined) // unbound with us: a charge on it is refused here anyway
  return card
}

async function openBinding(tx: Tx, userId: number, status: string): Promise<Record<string, unknown>> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM bank_bindings WHERE user_id = ? AND status = ? ORDER BY id DESC LIMIT 1 FOR UPDATE`, userId, status)
  if (!row) throw new DomainError('BINDING_NOT_FOUND')
  if (asDate(row.expires_at) <= tx.now) throw new DomainError('BINDING_EXPIRED')
  return row
}

async function assertNotBound(tx: Tx, userId: number, index: string): Promise<void> {
  const bound = await tx.get<{ user_id: unknown }>(`SELECT user_id FROM bank_cards WHERE number_index = ?`, index)
  if (bound) throw new DomainError(asNumber(bound.user_id) === userId ? 'CARD_ALREADY_BOUND' : 'CARD_BOUND_ELSEWHERE')
  await assertRoomForCard(tx, userId)
}

async function assertRoomForCard(tx: Tx, userId: number): Promise<void> {
  const row = await tx.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM bank_cards WHERE user_id = ? AND status = 'active'`, userId)
  if (asNumber(row!.n) >= MAX_CARDS) throw new DomainError('CARD_LIMIT_REACHED', { max: MAX_CARDS })
}

export function toCardView(row: Record<string, unknown>): BankCardView {
  return {
    token: row.token as string,
    bankCode: (row.bank_code as BankCode | null) ?? null,
    cardType: (row.card_type as CardType | null) ?? null,
    last4: row.last4 as string,
    holderMasked: row.holder_masked as string,
    createdAt: asDate(row.created_at),
  }
}

/** Where the bank texted the code, as the keypad says it (138****8000). */
async function phoneMaskedOf(tx: Tx, userId: number): Promise<string | null> {
  return (await tx.get<{ phone_masked: string | null }>('SELECT phone_masked FROM users WHERE id = ?', userId))?.phone_masked ?? null
}

function toBindingView(row: Record<string, unknown>, phoneMasked: string | null): BindingView {
  const bin = (row.bin as string | null) ?? null
  const facts = bin ? cardFacts(`${bin}0000000000`) : null
  return {
    token: row.token as string,
    status: row.status as string,
    seq: asNumber(row.seq),
    filled: String(row.digits ?? '').length,
    last4: (row.last4 as string | null) ?? null,
    bankCode: facts?.bankCode ?? null,
    cardType: facts?.cardType ?? null,
    phoneMasked,
    triesLeft: asNumberOrNull(row.tries_left),
    expiresAt: asDate(row.expires_at),
  }
}

/**
 * A simulated SMS (the sandbox bank's one-time code) reaches the person whose binding it
 * names, as a chat message the edge marks as simulated. An SMS for a binding that does not
 * exist (or has ended) goes nowhere.
 */
export async function deliverSimulatedSms(db: Database, sms: { reference: string; text: string }): Promise<boolean> {
  return db.write(async (tx) => {
    const binding = await tx.get<{ id: unknown; user_id: unknown }>(`SELECT id, user_id FROM bank_bindings WHERE token = ? AND status IN ('sending', 'code_sent')`, sms.reference)
    if (!binding) return false
    // Keyed by what it says: the same SMS handed over twice is one message, a new code another.
    const digest = createHash('sha256').update(sms.text).digest('base64url').slice(0, 16)
    await enqueue(tx, { dedupeKey: `simulated-sms:${sms.reference}:${digest}`, type: 'simulated_sms', userId: asNumber(binding.user_id), data: { text: sms.text.slice(0, 500) } })
    return true
  })
}
