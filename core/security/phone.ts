import type { Database } from '../db/database.js'
import { asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { recordSecurityEvent } from './account-security.js'
import type { FieldCipher } from './field-cipher.js'

/** `+` and 7 to 15 digits (E.164), from whatever Telegram's contact gave (`8613812345678`, `+1 (555)…`). */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/[\s()+-]/g, '')
  if (!/^\d{7,15}$/.test(digits)) throw new DomainError('PHONE_INVALID')
  return `+${digits}`
}

/** `+86138****5678`: the country code and first digits, four stars, the last four. */
export function maskPhone(phone: string): string {
  const digits = phone.slice(1)
  return `+${digits.slice(0, Math.max(1, digits.length - 8))}****${digits.slice(-4)}`
}

/** A sealed phone number opens only in its own row. */
export const phoneContext = (userId: number) => `users.phone_sealed:${userId}`

/**
 * Records the owner's phone number, shared with Telegram's own contact button (the edge
 * checks it is the sender's own contact). Sealed at rest, shown masked. Sharing the same
 * number again is harmless; a different one is refused: whoever holds the account for a
 * moment must not be able to swap in their own number and then reset the password with it.
 */
export function verifyPhone(db: Database, cipher: FieldCipher, userId: number, raw: string): Promise<string> {
  const phone = normalizePhone(raw)
  return db.write(async (tx) => {
    const row = await tx.get<{ phone_sealed: string | null }>('SELECT phone_sealed FROM users WHERE id = ?', userId)
    if (!row) throw new DomainError('USER_NOT_FOUND')
    if (row.phone_sealed !== null) {
      if (cipher.open(row.phone_sealed, phoneContext(userId)) !== phone) throw new DomainError('PHONE_ALREADY_VERIFIED')
      return maskPhone(phone)
    }
    await tx.run(
      'UPDATE users SET phone_sealed = ?, phone_masked = ?, phone_verified_at = ?, updated_at = ? WHERE id = ?',
      cipher.seal(phone, phoneContext(userId)),
      maskPhone(phone),
      tx.now,
      tx.now,
      userId,
    )
    await recordSecurityEvent(tx, userId, 'phone_verified', null)
    return maskPhone(phone)
  })
}

/** Whether `raw` is the owner's verified number (the re-verification of a password reset). */
export async function isOwnVerifiedPhone(tx: Tx, cipher: FieldCipher, userId: number, raw: string): Promise<boolean> {
  const row = await tx.get<{ phone_sealed: string | null }>('SELECT phone_sealed FROM users WHERE id = ?', userId)
  if (!row?.phone_sealed) throw new DomainError('PHONE_NOT_VERIFIED')
  return cipher.open(row.phone_sealed, phoneContext(userId)) === normalizePhone(raw)
}

/**
 * Re-seals, a batch at a time, every phone number not yet under the current key (after
 * ENCRYPTION_KEY was replaced and the old one moved to ENCRYPTION_KEYS_PREVIOUS). Each row
 * is rewritten only if it still holds what was read, so it is safe beside a running bot.
 * Returns how many rows it re-sealed; run until it returns 0.
 */
export function reencryptPhones(db: Database, cipher: FieldCipher, limit = 500): Promise<number> {
  return db.write(async (tx) => {
    const rows = await tx.all<{ id: unknown; phone_sealed: string }>(
      `SELECT id, phone_sealed FROM users WHERE phone_sealed IS NOT NULL AND phone_sealed NOT LIKE ? ORDER BY id LIMIT ?`,
      `${cipher.currentKeyId}.%`,
      limit,
    )
    let done = 0
    for (const row of rows) {
      const userId = asNumber(row.id)
      const resealed = cipher.seal(cipher.open(row.phone_sealed, phoneContext(userId)), phoneContext(userId))
      done += await tx.run('UPDATE users SET phone_sealed = ? WHERE id = ? AND phone_sealed = ?', resealed, userId, row.phone_sealed)
    }
    return done
  })
}
