import { randomInt } from 'node:crypto'
import type { Database } from '../db/database.js'
import { asDate, asNumber, type Tx } from '../db/port.js'
import { DomainError, isDomainError } from '../errors.js'
import { newToken } from '../common/tokens.js'
import type { PasswordLockRules, PasswordRules } from '../wallet/config.js'
import type { FieldCipher } from './field-cipher.js'
import { isOwnVerifiedPhone } from './phone.js'
import { assertPasswordUsable, checkPassword, isAcceptablePin, PIN_LENGTH, storePassword, type PasswordHasher } from './password.js'

/*
 * The payment password is typed on an inline keypad, one press at a time, never as a chat
 * message. Each entry is a row: the keypad's buttons carry the row's token, its current
 * sequence number and a key's position on this entry's shuffled layout, so the data of a
 * press says nothing of the digit. A press counts only when it is the owner's, the entry is
 * open and its sequence number is current: a replayed, stale or foreign press changes
 * nothing. Typed digits stay in the row, sealed (PasswordHasher.sealDigits), only until the
 * sixth: then they are taken out in the same unit of work that closes the entry to presses,
 * and checked in memory. Every way an entry ends wipes them and the confirmation's digest.
 */

/** What an entry is for; the edge picks what to do once it is verified by this. */
export type EntryPurpose = 'set' | 'change' | 'reset' | 'pay_card' | 'pay_order' | 'refund' | 'send_packet' | 'free_limits' | 'unfreeze' | 'api_key' | 'unbind_card' | 'bank_operation'
/** `old` (change only) → `new` → `confirm` to set a password; `pay` to give it. A reset waits for the phone first. */
export type EntryStep = 'old' | 'new' | 'confirm' | 'pay'
export type KeypadKey = number | 'back' | 'cancel'

/** What an entry's `target` names: the one payment (or change) its verified password may make. */
export const entryTargets = {
  card: (cardToken: string) => `card:${cardToken}`,
  order: (orderToken: string) => `order:${orderToken}`,
  refund: (refundToken: string) => `refund:${refundToken}`,
  packet: (packetToken: string, version: number) => `packet:${packetToken}:${version}`,
  /** The start every version's target of one draft shares (cancelEntriesFor). */
  packetAnyVersion: (packetToken: string) => `packet:${packetToken}:`,
  free: (paymentMinor: bigint, dailyMinor: bigint) => `free:${paymentMinor}:${dailyMinor}`,
  unfreeze: () => 'unfreeze',
  /** Registering this merchant API key (by its digest), revoking the key of this serial, or a new APIv3 key. */
  apiKey: (keyDigest: string) => `api-key:${keyDigest}`,
  apiKeyRevoke: (serialNo: string) => `api-key-revoke:${serialNo}`,
  /** A new APIv3 key for the owner's merchant. */
  apiV3KeyReset: () => 'api-v3-key-reset',
  /** Unbinding one of the owner's bank cards. */
  unbindCard: (cardToken: string) => `unbind-card:${cardToken}`,
  /** One top-up from, or withdrawal to, a bank card. */
  bankOperation: (operationToken: string) => `bank-operation:${operationToken}`,
}

/** What every end of an entry clears: the digits typed and the new password's digest. */
const ENDED = `digits = '', pending_digest = NULL`

/** An entry may be typed for this long after it is opened, and a verified one used. */
export const ENTRY_TTL_MS = 5 * 60 * 1000

export interface PasswordEntry {
  token: string
  userId: number
  purpose: EntryPurpose
  target: string | null
  step: EntryStep
  /** The digits in the order the keypad shows them, position 0 first. */
  layout: string
  /** How many digits are typed (what the ●●●○○○ shows). */
  filled: number
  seq: number
  status: 'awaiting_contact' | 'open' | 'checking' | 'verified' | 'used' | 'done' | 'cancelled'
  origin: string | null
  expiresAt: Date
}

export type PressResult =
  | {
      kind: 'typing' | 'cancelled' | 'expired' | 'confirm_new' | 'mismatch' | 'too_simple' | 'old_ok' | 'password_set' | 'password_changed' | 'password_reset' | 'verified'
      entry: PasswordEntry
    }
  | { kind: 'wrong'; entry: PasswordEntry; triesLeft: number }
  | { kind: 'locked'; entry: PasswordEntry; lockedUntil: Date }

export interface EntryRequest {
  userId: number
  purpose: EntryPurpose
  target?: string | null
  origin?: string | null
}

/**
 * Opens an entry (closing the owner's other open ones: one keypad at a time). Setting a first
 * password needs none to exist; a reset (forgotten password, even a locked one) needs a
 * password and a verified phone, and waits until the phone is shared again (resumeReset);
 * everything else needs a password that is not locked.
 */
export function openEntry(db: Database, request: EntryRequest): Promise<PasswordEntry> {
  return db.write(async (tx) => {
    const user = await tx.get<Record<string, unknown>>('SELECT password_hash, phone_sealed FROM users WHERE id = ?', request.userId)
    if (!user) throw new DomainError('USER_NOT_FOUND')
    if (request.purpose === 'set') {
      if (user.password_hash !== null) throw new DomainError('PASSWORD_ALREADY_SET')
    } else if (request.purpose === 'reset') {
      if (user.password_hash === null) throw new DomainError('PASSWORD_NOT_SET')
      if (user.phone_sealed === null) throw new DomainError('PHONE_NOT_VERIFIED')
    } else {
      await assertPasswordUsable(tx, request.userId)
    }
    await tx.run(`UPDATE password_entries SET ${ENDED}, status = 'cancelled' WHERE user_id = ? AND status IN ('open', 'awaiting_contact')`, request.userId)
    const row = await tx.get<Record<string, unknown>>(
      `INSERT INTO password_entries (token, user_id, purpose, target, step, layout, digits, seq, status, origin, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, '', 0, ?, ?, ?, ?) RETURNING *`,
      newToken(),
      request.userId,
      request.purpose,
      request.target ?? null,
      FIRST_STEP[request.purpose],
      shuffledDigits(),
      request.purpose === 'reset' ? 'awaiting_contact' : 'open',
      request.origin ?? null,
      new Date(tx.now.getTime() + ENTRY_TTL_MS),
      tx.now,
    )
    return toEntry(row!)
  })
}

const FIRST_STEP: Record<EntryPurpose, EntryStep> = {
  set: 'new',
  reset: 'new',
  change: 'old',
  pay_card: 'pay',
  pay_order: 'pay',
  refund: 'pay',
  send_packet: 'pay',
  free_limits: 'pay',
  unfreeze: 'pay',
  api_key: 'pay',
  unbind_card: 'pay',
  bank_operation: 'pay',
}

/**
 * The owner shared their phone (their own contact) while a reset waits for it: if it is the
 * verified number, the reset's keypad opens for a new password. Null when no reset waits.
 */
export function resumeReset(db: Database, cipher: FieldCipher, userId: number, phone: string): Promise<PasswordEntry | null> {
  return db.write(async (tx) => {
    const row = await tx.get<Record<string, unknown>>(
      `SELECT * FROM password_entries WHERE user_id = ? AND purpose = 'reset' AND status = 'awaiting_contact' AND expires_at > ? ORDER BY id DESC LIMIT 1 FOR UPDATE`,
      userId,
      tx.now,
    )
    if (!row) return null
    if (!(await isOwnVerifiedPhone(tx, cipher, userId, phone))) throw new DomainError('PHONE_MISMATCH')
    await tx.run(`UPDATE password_entries SET status = 'open' WHERE id = ?`, asNumber(row.id))
    return { ...toEntry(row), status: 'open' }
  })
}

/** The entry as its owner's keypad should show it now (to draw it again, e.g. from a deep link). */
export function getEntry(db: Database, token: string, userId: number): Promise<PasswordEntry> {
  return db.read(async (tx) => {
    const row = await tx.get<Record<string, unknown>>('SELECT * FROM password_entries WHERE token = ?', token)
    if (!row) throw new DomainError('PASSWORD_ENTRY_NOT_FOUND')
    const entry = toEntry(row)
    if (entry.userId !== userId) throw new DomainError('NOT_YOUR_BUTTON')
    if (entry.status !== 'open' || entry.expiresAt <= tx.now) throw new DomainError('PASSWORD_ENTRY_STALE')
    return entry
  })
}

/** One keypad press. With the sixth digit the entry's step is carried out (see PressResult). */
export async function pressKey(db: Database, hasher: PasswordHasher, rules: PasswordRules, press: { token: string; userId: number; seq: number; key: KeypadKey }): Promise<PressResult> {
  const typed = await db.write((tx) => takePress(tx, hasher, press))
  if (!('pin' in typed)) return typed
  const { entry, pin } = typed
  switch (entry.step) {
    case 'new':
      if (!isAcceptablePin(pin)) return { kind: 'too_simple', entry: await reopen(db, entry, 'new', null) }
      return { kind: 'confirm_new', entry: await reopen(db, entry, 'confirm', hasher.digest(entry.token, pin)) }
    case 'confirm':
      if (hasher.digest(entry.token, pin) !== typed.pendingDigest) return { kind: 'mismatch', entry: await reopen(db, entry, 'new', null) }
      await storePassword(db, hasher, rules.passwordReset, entry.userId, pin, entry.purpose === 'change' || entry.purpose === 'reset' ? entry.purpose : 'set')
      return { kind: STORED[entry.purpose] ?? 'password_set', entry: await close(db, entry, 'done') }
    default:
      return givePassword(db, hasher, rules.passwordLock, entry, pin)
  }
}

const STORED: Partial<Record<EntryPurpose, 'password_changed' | 'password_reset'>> = { change: 'password_changed', reset: 'password_reset' }

/** The old password of a change, or the password of a payment: checked against the attempt limit. */
async function givePassword(db: Database, hasher: PasswordHasher, rules: PasswordLockRules, entry: PasswordEntry, pin: string): Promise<PressResult> {
  let check
  try {
    check = await checkPassword(db, hasher, rules, entry.userId, pin)
  } catch (error) {
    if (!isDomainError(error, 'PASSWORD_LOCKED')) throw error
    return { kind: 'locked', entry: await close(db, entry, 'cancelled'), lockedUntil: new Date(String(error.details.unlocksAt)) }
  }
  if (check.ok) return entry.step === 'old' ? { kind: 'old_ok', entry: await reopen(db, entry, 'new', null) } : { kind: 'verified', entry: await close(db, entry, 'verified') }
  if (check.lockedUntil) return { kind: 'locked', entry: await close(db, entry, 'cancelled'), lockedUntil: check.lockedUntil }
  return { kind: 'wrong', entry: await reopen(db, entry, entry.step, null), triesLeft: check.triesLeft }
}

type TakenPress = PressResult | { entry: PasswordEntry; pin: string; pendingDigest: string | null }

async function takePress(tx: Tx, hasher: PasswordHasher, press: { token: string; userId: number; seq: number; key: KeypadKey }): Promise<TakenPress> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM password_entries WHERE token = ? FOR UPDATE', press.token)
  if (!row) throw new DomainError('PASSWORD_ENTRY_NOT_FOUND')
  const entry = toEntry(row)
  if (entry.userId !== press.userId) throw new DomainError('NOT_YOUR_BUTTON')
  if (entry.status !== 'open' || entry.seq !== press.seq) throw new DomainError('PASSWORD_ENTRY_STALE')
  const id = asNumber(row.id)
  if (entry.expiresAt <= tx.now) {
    await tx.run(`UPDATE password_entries SET ${ENDED}, status = 'cancelled' WHERE id = ?`, id)
    return { kind: 'expired', entry: { ...entry, status: 'cancelled', filled: 0 } }
  }
  if (press.key === 'cancel') {
    await tx.run(`UPDATE password_entries SET ${ENDED}, status = 'cancelled', seq = seq + 1 WHERE id = ?`, id)
    return { kind: 'cancelled', entry: { ...entry, status: 'cancelled', filled: 0, seq: entry.seq + 1 } }
  }
  const digits = hasher.openDigits(entry.token, String(row.digits))
  const next = press.key === 'back' ? digits.slice(0, -1) : digits + entry.layout[press.key]!
  if (next.length < PIN_LENGTH) {
    await tx.run('UPDATE password_entries SET digits = ?, seq = seq + 1 WHERE id = ?', hasher.sealDigits(entry.token, next), id)
    return { kind: 'typing', entry: { ...entry, filled: next.length, seq: entry.seq + 1 } }
  }
  await tx.run(`UPDATE password_entries SET digits = '', status = 'checking', seq = seq + 1 WHERE id = ?`, id)
  return { entry: { ...entry, status: 'checking', filled: 0, seq: entry.seq + 1 }, pin: next, pendingDigest: (row.pending_digest as string | null) ?? null }
}

/** The entry takes presses again, at `step`, from an empty keypad. */
async function reopen(db: Database, entry: PasswordEntry, step: EntryStep, pendingDigest: string | null): Promise<PasswordEntry> {
  return db.write(async (tx) => {
    await tx.run(`UPDATE password_entries SET status = 'open', step = ?, pending_digest = ? WHERE token = ? AND status = 'checking'`, step, pendingDigest, entry.token)
    return { ...entry, status: 'open', step, filled: 0 }
  })
}

/** Ends the check: a verified entry then has its full time again to be used by its payment. */
async function close(db: Database, entry: PasswordEntry, status: 'verified' | 'done' | 'cancelled'): Promise<PasswordEntry> {
  return db.write(async (tx) => {
    const expiresAt = status === 'verified' ? new Date(tx.now.getTime() + ENTRY_TTL_MS) : entry.expiresAt
    await tx.run(`UPDATE password_entries SET ${ENDED}, status = ?, expires_at = ? WHERE token = ? AND status = 'checking'`, status, expiresAt, entry.token)
    return { ...entry, status, expiresAt }
  })
}

/**
 * Uses up an entry its owner verified their password on for exactly `target`, inside the
 * payment's (or change's) unit of work: true once, then never again, and never for another
 * target. The target is derived by the core from what is paid, never taken from the edge.
 */
export async function useVerifiedEntry(tx: Tx, userId: number, target: string): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE password_entries SET status = 'used' WHERE user_id = ? AND target = ? AND status = 'verified' AND expires_at > ?`,
    userId,
    target,
    tx.now,
  )
  return changed > 0
}

/** Whether the owner gave their password for `target` and it is still there to be used. */
export async function hasVerifiedEntry(tx: Tx, userId: number, target: string): Promise<boolean> {
  return (await tx.get(`SELECT 1 FROM password_entries WHERE user_id = ? AND target = ? AND status = 'verified' AND expires_at > ?`, userId, target, tx.now)) !== undefined
}

/**
 * The payment an entry was opened for was cancelled: its keypad (open, or already verified)
 * is closed too, so nobody types a password for nothing. `targetPrefix` names the payment
 * (a red packet's every draft version shares `packet:<token>:`).
 */
export function cancelEntriesFor(tx: Tx, userId: number, targetPrefix: string): Promise<number> {
  return tx.run(`UPDATE password_entries SET ${ENDED}, status = 'cancelled' WHERE user_id = ? AND target LIKE ? AND status IN ('open', 'verified')`, userId, `${targetPrefix}%`)
}

/**
 * Entries left past their time lose what they held (the job's sweep): open ones half typed,
 * ones waiting for a phone, and ones whose check never finished (a crash mid-hash).
 */
export function expireEntries(db: Database, limit = 500): Promise<number> {
  return db.write((tx) =>
    tx.run(
      `UPDATE password_entries SET ${ENDED}, status = 'cancelled'
       WHERE id IN (SELECT id FROM password_entries WHERE status IN ('open', 'awaiting_contact', 'checking') AND expires_at <= ? ORDER BY id LIMIT ?)`,
      tx.now,
      limit,
    ),
  )
}

function shuffledDigits(): string {
  const digits = [...'0123456789']
  for (let i = digits.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[digits[i], digits[j]] = [digits[j]!, digits[i]!]
  }
  return digits.join('')
}

function toEntry(row: Record<string, unknown>): PasswordEntry {
  return {
    token: row.token as string,
    userId: asNumber(row.user_id),
    purpose: row.purpose as EntryPurpose,
    target: (row.target as string | null) ?? null,
    step: row.step as EntryStep,
    layout: row.layout as string,
    filled: Number(String(row.digits).split('.')[0]) || 0,
    seq: asNumber(row.seq),
    status: row.status as PasswordEntry['status'],
    origin: (row.origin as string | null) ?? null,
    expiresAt: asDate(row.expires_at),
  }
}
