import { createHmac } from 'node:crypto'
import type { Database } from '../db/database.js'

/**
 * Remembers a server secret's fingerprint on first use and refuses, later, a different secret
 * under the same name: a payment password hashed with one pepper never verifies with
 * another, so a bot started with a lost or mistyped pepper would count every right password
 * as wrong and lock everyone out. The fingerprint is an HMAC made with the key itself: it
 * says nothing about the key.
 */
export async function assertSameServerKey(db: Database, name: string, key: Uint8Array): Promise<void> {
  const fingerprint = createHmac('sha256', key).update('lingqian key fingerprint').digest('hex').slice(0, 32)
  const stored = await db.write(async (tx) => {
    await tx.run('INSERT INTO server_keys (name, fingerprint, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', name, fingerprint, tx.now)
    return tx.get<{ fingerprint: string }>('SELECT fingerprint FROM server_keys WHERE name = ?', name)
  })
  if (stored!.fingerprint !== fingerprint) {
    throw new Error(`${name} is not the one this database was set up with: passwords hashed with the old one would never verify. Restore the original ${name}.`)
  }
}
