import { hash, verify } from '@node-rs/argon2'
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import type { Database } from '../db/database.js'
import { asDateOrNull, asNumber, RetryUnit, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import type { PasswordLockRules, PasswordResetRules } from '../wallet/config.js'
import { recordSecurityEvent } from './account-security.js'

export const PIN_LENGTH = 6

/**
 * Hashes and checks payment passwords: argon2id (salted, about 10 ms, off the event loop)
 * keyed with the server's pepper, so a copy of the database alone cannot be searched through
 * the 10⁶ six-digit values; the attempt limit guards the live path.
 */
export class PasswordHasher {
  readonly #digitsKey: Buffer

  constructor(private readonly pepper: Uint8Array) {
    if (pepper.length < 32) throw new Error('the password pepper must be at least 32 bytes')
    this.#digitsKey = Buffer.from(hkdfSync('sha256', pepper, Buffer.alloc(0), 'lingqian keypad digits', 32))
  }
  hash(pin: string): Promise<string> {
    return hash(pin, { secret: this.pepper })
  }
  verify(stored: string, pin: string): Promise<boolean> {
    return verify(stored, pin, { secret: this.pepper })
  }
  /**
   * The digits typed so far on one entry's keypad, sealed for the entry's row (AES-256-GCM
   * under a key derived from the pepper, the entry's token bound in): a copy of the database
   * alone shows only how many were typed. Form: `<count>.<iv>.<ciphertext and tag>`.
   */
  sealDigits(entryToken: string, digits: string): string {
    if (digits === '') return ''
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#digitsKey, iv)
    cipher.setAAD(Buffer.from(entryToken))
    const sealed = Buffer.concat([cipher.update(digits, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${digits.length}.${iv.toString('base64url')}.${sealed.toString('base64url')}`
  }
  openDigits(entryToken: string, sealed: string): string {
    if (sealed === '') return ''
    const [, iv = '', body = ''] = sealed.split('.')
    const data = Buffer.from(body, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', this.#digitsKey, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(entryToken))
    decipher.setAuthTag(data.subarray(data.length - 16))
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8')
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
 * can run, and the try that reaches the count writes the lock with it (so a crash while that
 * try is checked leaves the account locked for `lockMs`, never locked for good). A right
 * password clears the count and the lock. A lock that has run out gives a fresh set of tries.
 */
export async function checkPassword(db: Database, hasher: PasswordHasher, rules: PasswordLockRules, userId: number, pin: string): Promise<PasswordCheck> {
  const reserved = await db.write((tx) => reserveAttempt(tx, rules, userId))
  const ok = await hasher.verify(reserved.hash, pin)
  return db.write(async (tx) => {
    if (ok) {
      await tx.run('UPDATE users SET password_failures = 0, password_locked_until = NULL WHERE id = ?', userId)
      return { ok: true }
    }
    await recordSecurityEvent(tx, userId, reserved.lockedUntil ? 'password_locked' : 'password_failed', null)
    return { ok: false, triesLeft: Math.max(0, rules.maxTries - reserved.failures), lockedUntil: reserved.lockedUntil }
  })
}

async function reserveAttempt(tx: Tx, rules: PasswordLockRules, userId: number): Promise<{ hash: string; failures: number; lockedUntil: Date | null }> {
  const row = await tx.get<Record<string, unknown>>(
    `UPDATE users SET password_failures = CASE WHEN password_locked_until IS NULL THEN password_failures + 1 ELSE 1 END, password_locked_until = NULL
     WHERE id = ? AND password_hash IS NOT NULL AND (password_locked_until IS NULL OR password_locked_until <= ?)
     RETURNING password_hash, password_failures`,
    userId,
    tx.now,
  )
  if (!row) {
    await assertPasswordUsable(tx, userId)
    throw new RetryUnit('the password lock ran out between the update and the check')
  }
  const failures = asNumber(row.password_failures)
  // The try that reaches the count locks at once, in the same unit as its reservation.
  const lockedUntil = failures >= rules.maxTries ? new Date(tx.now.getTime() + rules.lockMs) : null
  if (lockedUntil) await tx.run('UPDATE users SET password_locked_until = ? WHERE id = ?', lockedUntil, userId)
  return { hash: row.password_hash as string, failures, lockedUntil }
}

/**
 * Refuses when the owner has no password, or it is locked (with when it unlocks). Anything
 * that is about to ask for the password calls this first, so nobody types six digits in vain.
 */
export async function assertPasswordUsable(tx: Tx, userId: number): Promise<void> {
  const row = await tx.get<Record<string, unknown>>('SELECT password_hash, password_locked_until FROM users WHERE id = ?', userId)
  if (!row) throw new DomainError('USER_NOT_FOUND')
  if (row.password_hash === null) throw new DomainError('PASSWORD_NOT_SET')
  const lockedUntil = asDateOrNull(row.password_locked_until)
  if (lockedUntil && lockedUntil > tx.now) throw new DomainError('PASSWORD_LOCKED', { unlocksAt: lockedUntil.toISOString() }, { ownerUserId: userId })
}

/**
 * Stores a new password's hash: the first one (`set`: only while none is set, so two set-ups
 * at once cannot overwrite each other), a change after the old one was checked, or a reset
 * after the phone was verified again — which lowers the daily limit for a while, in case the
 * one resetting is not the owner.
 */
export async function storePassword(db: Database, hasher: PasswordHasher, rules: PasswordResetRules, userId: number, pin: string, kind: 'set' | 'change' | 'reset'): Promise<void> {
  if (!isAcceptablePin(pin)) throw new DomainError('PASSWORD_TOO_SIMPLE')
  const stored = await hasher.hash(pin)
  await db.write(async (tx) => {
    const changed = await tx.run(
      `UPDATE users SET password_hash = ?, password_failures = 0, password_locked_until = NULL, limits_reduced_until = COALESCE(?, limits_reduced_until), updated_at = ?
       WHERE id = ? AND (password_hash IS ${kind === 'set' ? '' : 'NOT '}NULL)`,
      stored,
      kind === 'reset' ? new Date(tx.now.getTime() + rules.reducedMs) : null,
      tx.now,
      userId,
    )
    if (changed === 0) throw new DomainError(kind === 'set' ? 'PASSWORD_ALREADY_SET' : 'PASSWORD_NOT_SET')
    await recordSecurityEvent(tx, userId, kind === 'set' ? 'password_set' : kind === 'change' ? 'password_changed' : 'password_reset', null)
  })
}
