import { hash, verify } from '@node-rs/argon2'
import { createHmac } from 'node:crypto'
import type { Database } from '../db/database.js'
import { asDateOrNull, asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import type { PasswordLockRules } from '../wallet/config.js'
import { recordSecurityEvent } from './account-security.js'

export const PIN_LENGTH = 6

/**
 * Hashes and checks payment passwords: argon2id (salted, about 10 ms, off the event loop)
 * keyed with the server's pepper, so a copy of the database alone cannot be searched through
 * the 10⁶ six-digit values; the attempt limit guards the live path.
 */
export class PasswordHasher {
  constructor(private readonly pepper: Uint8Array) {
    if (pepper.length < 32) throw new Error('the password pepper must be at least 32 bytes')
  }
  hash(pin: string): Promise<string> {
    return hash(pin, { secret: this.pepper })
  }
  verify(stored: string, pin: string): Promise<boolean> {
    return verify(stored, pin, { secret: this.pepper }).catch(() => false)
  }
  /** A keyed digest of a PIN in a context: compares a new password with its confirmation without keeping the digits. */
  digest(context: string, pin: string): string {
    return createHmac('sha256', this.pepper).update(context).update('\0').update(pin).digest('base64url')
  }
}

/** Six digits that are not all one digit nor a run (123456, 654321): the first guesses of anyone. */
export function isAcceptablePin(pin: string): boolean {
  if (!/^\d{6}$/.test(pin)) return false
  const steps = new Set([...pin].slice(1).map((digit, i) => (Number(digit) - Number(pin[i]) + 10) % 10))
  return !(steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9)))
}

export type PasswordCheck = { ok: true } | { ok: false; triesLeft: number; lockedUntil: Date | null }

/**
 * Checks the owner's payment password. The attempt is counted before the hash runs, by one
 * conditional update: however many checks start at once, no more than `maxTries` wrong ones
 * can run before the lock, and the try that reaches it locks payments for `lockMs`. A right
 * password clears the count. A lock that has run out gives a fresh set of tries.
 */
export async function checkPassword(db: Database, hasher: PasswordHasher, rules: PasswordLockRules, userId: number, pin: string): Promise<PasswordCheck> {
  const reserved = await db.write((tx) => reserveAttempt(tx, rules, userId))
  const ok = await hasher.verify(reserved.hash, pin)
  return db.write(async (tx) => {
    if (ok) {
      await tx.run('UPDATE users SET password_failures = 0, password_locked_until = NULL WHERE id = ?', userId)
      return { ok: true }
    }
    const lockedUntil = reserved.failures >= rules.maxTries ? new Date(tx.now.getTime() + rules.lockMs) : null
    if (lockedUntil) await tx.run('UPDATE users SET password_locked_until = ? WHERE id = ? AND password_locked_until IS NULL', lockedUntil, userId)
    await recordSecurityEvent(tx, userId, lockedUntil ? 'password_locked' : 'password_failed', null)
    return { ok: false, triesLeft: Math.max(0, rules.maxTries - reserved.failures), lockedUntil }
  })
}

async function reserveAttempt(tx: Tx, rules: PasswordLockRules, userId: number): Promise<{ hash: string; failures: number }> {
  const row = await tx.get<Record<string, unknown>>(
    `UPDATE users SET password_failures = CASE WHEN password_locked_until IS NULL THEN password_failures + 1 ELSE 1 END, password_locked_until = NULL
     WHERE id = ? AND password_hash IS NOT NULL AND ((password_locked_until IS NULL AND password_failures < ?) OR password_locked_until <= ?)
     RETURNING password_hash, password_failures`,
    userId,
    rules.maxTries,
    tx.now,
  )
  if (row) return { hash: row.password_hash as string, failures: asNumber(row.password_failures) }
  await assertPasswordUsable(tx, rules, userId)
  // The last try is being checked right now: until it is, the account counts as locked.
  throw new DomainError('PASSWORD_LOCKED', { unlocksAt: new Date(tx.now.getTime() + rules.lockMs).toISOString() }, { ownerUserId: userId })
}

/**
 * Refuses when the owner has no password, or it is locked (with when it unlocks). Anything
 * that is about to ask for the password calls this first, so nobody types six digits in vain.
 */
export async function assertPasswordUsable(tx: Tx, rules: PasswordLockRules, userId: number): Promise<void> {
  const row = await tx.get<Record<string, unknown>>('SELECT password_hash, password_failures, password_locked_until FROM users WHERE id = ?', userId)
  if (!row) throw new DomainError('USER_NOT_FOUND')
  if (row.password_hash === null) throw new DomainError('PASSWORD_NOT_SET')
  const lockedUntil = asDateOrNull(row.password_locked_until)
  if (lockedUntil && lockedUntil > tx.now) throw new DomainError('PASSWORD_LOCKED', { unlocksAt: lockedUntil.toISOString() }, { ownerUserId: userId })
  if (!lockedUntil && asNumber(row.password_failures) >= rules.maxTries) {
    throw new DomainError('PASSWORD_LOCKED', { unlocksAt: new Date(tx.now.getTime() + rules.lockMs).toISOString() }, { ownerUserId: userId })
  }
}

/**
 * Stores a new password's hash: the first one (`replacing` false: only while none is set, so
 * two set-ups at once cannot overwrite each other) or a change after the old one was checked.
 */
export async function storePassword(db: Database, hasher: PasswordHasher, userId: number, pin: string, replacing: boolean): Promise<void> {
  if (!isAcceptablePin(pin)) throw new DomainError('PASSWORD_TOO_SIMPLE')
  const stored = await hasher.hash(pin)
  await db.write(async (tx) => {
    const changed = await tx.run(
      `UPDATE users SET password_hash = ?, password_failures = 0, password_locked_until = NULL, updated_at = ? WHERE id = ? AND (password_hash IS ${replacing ? 'NOT ' : ''}NULL)`,
      stored,
      tx.now,
      userId,
    )
    if (changed === 0) throw new DomainError(replacing ? 'PASSWORD_NOT_SET' : 'PASSWORD_ALREADY_SET')
    await recordSecurityEvent(tx, userId, replacing ? 'password_changed' : 'password_set', null)
  })
}
