import { randomInt } from 'node:crypto'
import type { Database } from '../db/database.js'
import { asDate, asNumber, type Tx } from '../db/port.js'
import { DomainError, isDomainError } from '../errors.js'
import { newToken } from '../common/tokens.js'
import type { PasswordLockRules } from '../wallet/config.js'
import { assertPasswordUsable, checkPassword, isAcceptablePin, PIN_LENGTH, storePassword, type PasswordHasher } from './password.js'

/*
 * The payment password is typed on an inline keypad, one press at a time, never as a chat
 * message. Each entry is a row: the keypad's buttons carry the row's token, its current
 * sequence number and a key's position on this entry's shuffled layout, so the data of a
 * press says nothing of the digit. A press counts only when it is the owner's, the entry is
 * open and its sequence number is current: a replayed, stale or foreign press changes
 * nothing. Typed digits stay in the row only until the sixth: then they are taken out in the
 * same unit of work that closes the entry to presses, and checked in memory.
 */

/** What an entry is for; the edge picks what to do once it is verified by this. */
export type EntryPurpose = 'set' | 'change' | 'pay_card' | 'send_packet' | 'free_limits' | 'unfreeze'
/** `old` (change only) → `new` → `confirm` to set a password; `pay` to give it. */
export type EntryStep = 'old' | 'new' | 'confirm' | 'pay'
export type KeypadKey = number | 'back' | 'cancel'

/** What an entry's `target` names: the one payment (or change) its verified password may make. */
export const entryTargets = {
  card: (cardToken: string) => `card:${cardToken}`,
  packet: (packetToken: string, version: number) => `packet:${packetToken}:${version}`,
  free: (paymentMinor: bigint, dailyMinor: bigint) => `free:${paymentMinor}:${dailyMinor}`,
  unfreeze: () => 'unfreeze',
}

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
  status: 'open' | 'checking' | 'verified' | 'used' | 'done' | 'cancelled'
  origin: string | null
  expiresAt: Date
}

export type PressResult =
  | { kind: 'typing' | 'cancelled' | 'confirm_new' | 'mismatch' | 'too_simple' | 'old_ok' | 'password_set' | 'password_changed' | 'verified'; entry: PasswordEntry }
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
 * password needs none to exist; everything else needs a password that is not locked.
 */
export function openEntry(db: Database, rules: PasswordLockRules, request: EntryRequest): Promise<PasswordEntry> {
  return db.write(async (tx) => {
    if (request.purpose === 'set') {
      const row = await tx.get<{ password_hash: unknown }>('SELECT password_hash FROM users WHERE id = ?', request.userId)
      if (!row) throw new DomainError('USER_NOT_FOUND')
      if (row.password_hash !== null) throw new DomainError('PASSWORD_ALREADY_SET')
    } else {
      await assertPasswordUsable(tx, rules, request.userId)
    }
    await tx.run(`UPDATE password_entries SET status = 'cancelled', digits = '' WHERE user_id = ? AND status = 'open'`, request.userId)
    const row = await tx.get<Record<string, unknown>>(
      `INSERT INTO password_entries (token, user_id, purpose, target, step, layout, digits, seq, status, origin, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, '', 0, 'open', ?, ?, ?) RETURNING *`,
      newToken(),
      request.userId,
      request.purpose,
      request.target ?? null,
      request.purpose === 'set' ? 'new' : request.purpose === 'change' ? 'old' : 'pay',
      shuffledDigits(),
      request.origin ?? null,
      new Date(tx.now.getTime() + ENTRY_TTL_MS),
      tx.now,
    )
    return toEntry(row!)
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
export async function pressKey(db: Database, hasher: PasswordHasher, rules: PasswordLockRules, press: { token: string; userId: number; seq: number; key: KeypadKey }): Promise<PressResult> {
  const typed = await db.write((tx) => takePress(tx, press))
  // Thrown only now: the unit that wiped the expired entry's digits has committed.
  if (typed === 'expired') throw new DomainError('PASSWORD_ENTRY_EXPIRED')
  if (!('pin' in typed)) return typed
  const { entry, pin } = typed
  switch (entry.step) {
    case 'new':
      if (!isAcceptablePin(pin)) return { kind: 'too_simple', entry: await reopen(db, entry, 'new', null) }
      return { kind: 'confirm_new', entry: await reopen(db, entry, 'confirm', hasher.digest(entry.token, pin)) }
    case 'confirm':
      if (hasher.digest(entry.token, pin) !== typed.pendingDigest) return { kind: 'mismatch', entry: await reopen(db, entry, 'new', null) }
      await storePassword(db, hasher, entry.userId, pin, entry.purpose === 'change')
      return { kind: entry.purpose === 'change' ? 'password_changed' : 'password_set', entry: await close(db, entry, 'done') }
    default:
      return givePassword(db, hasher, rules, entry, pin)
  }
}

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

type TakenPress = PressResult | { entry: PasswordEntry; pin: string; pendingDigest: string | null } | 'expired'

async function takePress(tx: Tx, press: { token: string; userId: number; seq: number; key: KeypadKey }): Promise<TakenPress> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM password_entries WHERE token = ? FOR UPDATE', press.token)
  if (!row) throw new DomainError('PASSWORD_ENTRY_NOT_FOUND')
  const entry = toEntry(row)
  if (entry.userId !== press.userId) throw new DomainError('NOT_YOUR_BUTTON')
  if (entry.status !== 'open' || entry.seq !== press.seq) throw new DomainError('PASSWORD_ENTRY_STALE')
  const id = asNumber(row.id)
  if (entry.expiresAt <= tx.now) {
    await tx.run(`UPDATE password_entries SET status = 'cancelled', digits = '' WHERE id = ?`, id)
    return 'expired'
  }
  if (press.key === 'cancel') {
    await tx.run(`UPDATE password_entries SET status = 'cancelled', digits = '', seq = seq + 1 WHERE id = ?`, id)
    return { kind: 'cancelled', entry: { ...entry, status: 'cancelled', filled: 0, seq: entry.seq + 1 } }
  }
  const digits = String(row.digits)
  const next = press.key === 'back' ? digits.slice(0, -1) : digits + entry.layout[press.key]!
  if (next.length < PIN_LENGTH) {
    await tx.run('UPDATE password_entries SET digits = ?, seq = seq + 1 WHERE id = ?', next, id)
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

async function close(db: Database, entry: PasswordEntry, status: 'verified' | 'done' | 'cancelled'): Promise<PasswordEntry> {
  await db.write((tx) => tx.run(`UPDATE password_entries SET status = ?, pending_digest = NULL WHERE token = ? AND status = 'checking'`, status, entry.token))
  return { ...entry, status }
}

/**
 * Uses up an entry its owner verified their password on for exactly `target`, inside the
 * payment's unit of work: true once, then never again (and never for another payment).
 */
export async function useVerifiedEntry(tx: Tx, userId: number, token: string, target: string): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE password_entries SET status = 'used' WHERE token = ? AND user_id = ? AND target = ? AND status = 'verified' AND expires_at > ?`,
    token,
    userId,
    target,
    tx.now,
  )
  return changed === 1
}

/** Entries left open past their time lose their typed digits (the job's sweep). */
export function expireEntries(db: Database, limit = 500): Promise<number> {
  return db.write((tx) =>
    tx.run(
      `UPDATE password_entries SET status = 'cancelled', digits = '' WHERE id IN (SELECT id FROM password_entries WHERE status = 'open' AND expires_at <= ? ORDER BY id LIMIT ?)`,
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
    filled: String(row.digits).length,
    seq: asNumber(row.seq),
    status: row.status as PasswordEntry['status'],
    origin: (row.origin as string | null) ?? null,
    expiresAt: asDate(row.expires_at),
  }
}
