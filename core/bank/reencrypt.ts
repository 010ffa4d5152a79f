import type { Database } from '../db/database.js'
import { asNumber } from '../db/port.js'
import type { FieldCipher } from '../security/field-cipher.js'
import { numberContext } from './cards.js'

/** The tables that keep a sealed card number: bound cards, and bindings (kept after they end, for their history). */
const SEALED_IN = ['bank_cards', 'bank_bindings'] as const

/**
 * Re-seals, a batch at a time, every card number not yet under the current key (after
 * ENCRYPTION_KEY was replaced), each row only if it still holds what was read: safe beside a
 * running bot. Returns how many it re-sealed; run until it returns 0.
 */
export function reencryptCardNumbers(db: Database, cipher: FieldCipher, limit = 500): Promise<number> {
  return db.write(async (tx) => {
    let done = 0
    for (const table of SEALED_IN) {
      const rows = await tx.all<{ id: unknown; user_id: unknown; number_sealed: string }>(
        `SELECT id, user_id, number_sealed FROM ${table} WHERE number_sealed IS NOT NULL AND number_sealed NOT LIKE ? ORDER BY id LIMIT ?`,
        `${cipher.currentKeyId}.%`,
        limit,
      )
      for (const row of rows) {
        const context = numberContext(asNumber(row.user_id))
        const resealed = cipher.seal(cipher.open(row.number_sealed, context), context)
        done += await tx.run(`UPDATE ${table} SET number_sealed = ? WHERE id = ? AND number_sealed = ?`, resealed, asNumber(row.id), row.number_sealed)
      }
    }
    return done
  })
}
