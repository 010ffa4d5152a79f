import type { Database } from '../db/database.js'
import { asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { ensureMerchantAccount } from '../ledger/accounts.js'
import type { WalletConfig } from '../wallet/config.js'

/** A merchant (商户): its owner, its name and category as payers see them, and its takings account. */
export interface Merchant {
  id: number
  ownerUserId: number
  name: string
  category: string
  accountId: number
}

export const MERCHANT_NAME_MAX = 40
export const MERCHANT_CATEGORY_MAX = 20

/** Opens the owner's merchant (one per person) with its own ledger account. */
export function createMerchant(db: Database, config: WalletConfig, request: { ownerUserId: number; name: string; category: string }): Promise<Merchant> {
  const name = cleanLabel(request.name, MERCHANT_NAME_MAX)
  const category = cleanLabel(request.category, MERCHANT_CATEGORY_MAX)
  if (!name || !category) throw new DomainError('MERCHANT_NAME_INVALID', { max: MERCHANT_NAME_MAX })
  return db.write(async (tx) => {
    if (await merchantOf(tx, request.ownerUserId)) throw new DomainError('MERCHANT_EXISTS')
    const id = await tx.insert('INSERT INTO merchants (owner_user_id, name, category, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (owner_user_id) DO NOTHING', request.ownerUserId, name, category, tx.now)
    if (id === undefined) throw new DomainError('MERCHANT_EXISTS')
    const accountId = await ensureMerchantAccount(tx, id, config.currency)
    await tx.run('UPDATE merchants SET account_id = ? WHERE id = ?', accountId, id)
    return { id, ownerUserId: request.ownerUserId, name, category, accountId }
  })
}

/** The owner's merchant, or undefined. */
export function findMerchantOf(db: Database, ownerUserId: number): Promise<Merchant | undefined> {
  return db.read((tx) => merchantOf(tx, ownerUserId))
}

export async function merchantOf(tx: Tx, ownerUserId: number): Promise<Merchant | undefined> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM merchants WHERE owner_user_id = ?', ownerUserId)
  return row && toMerchant(row)
}

export async function merchantById(tx: Tx, merchantId: number): Promise<Merchant> {
  const row = await tx.get<Record<string, unknown>>('SELECT * FROM merchants WHERE id = ?', merchantId)
  if (!row) throw new Error(`merchant ${merchantId} not found`)
  return toMerchant(row)
}

/** The owner's merchant, or a refusal that says how to open one. */
export async function ownMerchant(tx: Tx, ownerUserId: number): Promise<Merchant> {
  const merchant = await merchantOf(tx, ownerUserId)
  if (!merchant) throw new DomainError('MERCHANT_NOT_FOUND')
  return merchant
}

/** Names are shown on cards and pictures: one line without control characters, within `max` characters; '' when not. */
function cleanLabel(text: string, max: number): string {
  const line = text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim()
  return [...line].length > max ? '' : line
}

function toMerchant(row: Record<string, unknown>): Merchant {
  return { id: asNumber(row.id), ownerUserId: asNumber(row.owner_user_id), name: row.name as string, category: row.category as string, accountId: asNumber(row.account_id) }
}
