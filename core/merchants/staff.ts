import type { Database } from '../db/database.js'
import { asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { ownMerchant } from './merchants.js'

/*
 * Cashiers (店员): people the merchant's owner names to hear of every payment (收款提醒), as
 * a till's speaker would announce it. They see each payment's notice and nothing else: no
 * balance, no dashboard, no refunds, no money.
 */

export const MAX_STAFF = 20

/** Adds a cashier to the owner's merchant; adding one twice is harmless. */
export function addStaff(db: Database, ownerUserId: number, staffUserId: number): Promise<void> {
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, ownerUserId)
    if (staffUserId === ownerUserId) throw new DomainError('STAFF_IS_OWNER')
    const count = await tx.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM merchant_staff WHERE merchant_id = ?', merchant.id)
    if (asNumber(count?.n ?? 0) >= MAX_STAFF) throw new DomainError('STAFF_TOO_MANY', { max: MAX_STAFF })
    await tx.run('INSERT INTO merchant_staff (merchant_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT (merchant_id, user_id) DO NOTHING', merchant.id, staffUserId, tx.now)
  })
}

/** Removes a cashier; true when they were one. */
export function removeStaff(db: Database, ownerUserId: number, staffUserId: number): Promise<boolean> {
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, ownerUserId)
    return (await tx.run('DELETE FROM merchant_staff WHERE merchant_id = ? AND user_id = ?', merchant.id, staffUserId)) === 1
  })
}

/** The merchant's cashiers, by wallet user id. */
export async function staffOf(tx: Tx, merchantId: number): Promise<number[]> {
  const rows = await tx.all<{ user_id: unknown }>('SELECT user_id FROM merchant_staff WHERE merchant_id = ? ORDER BY created_at', merchantId)
  return rows.map((row) => asNumber(row.user_id))
}

export function listStaff(db: Database, ownerUserId: number): Promise<number[]> {
  return db.read(async (tx) => staffOf(tx, (await ownMerchant(tx, ownerUserId)).id))
}
