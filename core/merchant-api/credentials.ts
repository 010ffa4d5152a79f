import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto'
import type { Database } from '../db/database.js'
import { asNumber, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import type { FieldCipher } from '../security/field-cipher.js'
import { entryTargets, useVerifiedEntry } from '../security/password-entry.js'
import { ownMerchant } from '../merchants/merchants.js'
import { normalizeSerial, randomAlphanumeric, rsaPublicKeyFromPem } from './wire-crypto.js'

/*
 * A merchant's credentials for the merchant API, as WeChat Pay issues them: a merchant
 * number (mchid) and app id, the public key its server signs requests with (registered by
 * the owner, named by a serial number), and an APIv3 key (32 characters) that notifications
 * are encrypted under — shown once, kept sealed with ENCRYPTION_KEY.
 */

export const API_V3_KEY_LENGTH = 32
const APIV3_SEAL_CONTEXT = (merchantId: number) => `merchants.api_v3_key_sealed:${merchantId}`
/** A PEM pasted or uploaded: a certificate or a public key is a few kB at most. */
export const MAX_KEY_PEM_CHARS = 16_384

export interface IssuedApiKey {
  merchantId: number
  mchid: string
  appid: string
  /** The serial the merchant's requests name its key by (from its certificate, or issued here). */
  merchantSerialNo: string
  /** Shown once, when the merchant's first key is registered; null when a key is rotated. */
  apiV3Key: string | null
}

/** How answers name the platform key: by its certificate's serial, or by its public key id (PUB_KEY_ID_…). */
export type SerialMode = 'certificate' | 'public_key'

/** A merchant as the API's answers name it. */
export interface ApiIdentity {
  mchid: string
  appid: string
  serialMode: SerialMode
}

export interface ApiKey extends ApiIdentity {
  merchantId: number
  serialNo: string
  publicKeyPem: string
}

/**
 * Who allows a key change: the owner, with their payment password given for exactly this
 * change (a key lets a shop's server refund, which the owner does in the bot only with the
 * password), or an operator at the server (`npm run merchant`).
 */
export type KeyChangeBy = 'owner' | 'operator'

/** What the owner's password entry for registering this key names (entryTargets.apiKey). */
export function apiKeyDigest(keyPem: string): string {
  return createHash('sha256').update(keyPem.trim()).digest('base64url')
}

/** Refuses, before any password is asked, what could never be registered: not a key, a private key, no merchant. */
export function checkApiKey(db: Database, request: { ownerUserId: number; keyPem: string }): Promise<void> {
  parseMerchantKey(request.keyPem)
  return db.read(async (tx) => void (await ownMerchant(tx, request.ownerUserId)))
}

/**
 * Registers the public key (an RSA public key or an X.509 certificate, PEM) of the owner's
 * merchant. The first key also issues the merchant number, app id and APIv3 key; a later one
 * rotates: it becomes the merchant's key and the ones before it are revoked.
 */
export function registerApiKey(db: Database, cipher: FieldCipher, request: { ownerUserId: number; keyPem: string; by: KeyChangeBy }): Promise<IssuedApiKey> {
  const { publicKeyPem, serialNo } = parseMerchantKey(request.keyPem)
  const apiV3Key = randomAlphanumeric(API_V3_KEY_LENGTH)
  const appid = `wx${randomBytes(8).toString('hex')}`
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, request.ownerUserId)
    if (request.by === 'owner') await usePassword(tx, request.ownerUserId, entryTargets.apiKey(apiKeyDigest(request.keyPem)))
    const first = await tx.run(
      `UPDATE merchants SET mchid = ?, appid = ?, api_v3_key_sealed = ? WHERE id = ? AND mchid IS NULL`,
      mchidOf(merchant.id),
      appid,
      cipher.seal(apiV3Key, APIV3_SEAL_CONTEXT(merchant.id)),
      merchant.id,
    )
    const inserted = await tx.insert(
      `INSERT INTO merchant_api_keys (merchant_id, serial_no, public_key_pem, status, created_at) VALUES (?, ?, ?, 'active', ?) ON CONFLICT (serial_no) DO NOTHING`,
      merchant.id,
      serialNo,
      publicKeyPem,
      tx.now,
    )
    if (inserted === undefined) throw new DomainError('API_KEY_EXISTS')
    await tx.run(`UPDATE merchant_api_keys SET status = 'revoked', revoked_at = ? WHERE merchant_id = ? AND id <> ? AND status = 'active'`, tx.now, merchant.id, inserted)
    const issued = await tx.get<{ mchid: string; appid: string }>('SELECT mchid, appid FROM merchants WHERE id = ?', merchant.id)
    return { merchantId: merchant.id, mchid: issued!.mchid, appid: issued!.appid, merchantSerialNo: serialNo, apiV3Key: first === 1 ? apiV3Key : null }
  })
}

/** Revokes one of the owner's merchant's keys: requests signed with it are refused from now on. */
export function revokeApiKey(db: Database, request: { ownerUserId: number; serialNo: string; by: KeyChangeBy }): Promise<void> {
  const serialNo = normalizeSerial(request.serialNo)
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, request.ownerUserId)
    const key = await tx.get(`SELECT 1 FROM merchant_api_keys WHERE merchant_id = ? AND serial_no = ? AND status = 'active'`, merchant.id, serialNo)
    if (!key) throw new DomainError('API_KEY_NOT_FOUND')
    if (request.by === 'owner') await usePassword(tx, request.ownerUserId, entryTargets.apiKeyRevoke(serialNo))
    await tx.run(`UPDATE merchant_api_keys SET status = 'revoked', revoked_at = ? WHERE merchant_id = ? AND serial_no = ?`, tx.now, merchant.id, serialNo)
  })
}

/**
 * A new APIv3 key for the owner's merchant, shown once like the first: for a key whose message
 * was lost (deleted, or never delivered) or that leaked. Notifications from now on are sealed
 * with it, and `/v3/certificates` answers with it.
 */
export function resetApiV3Key(db: Database, cipher: FieldCipher, request: { ownerUserId: number; by: KeyChangeBy }): Promise<string> {
  const apiV3Key = randomAlphanumeric(API_V3_KEY_LENGTH)
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, request.ownerUserId)
    if (request.by === 'owner') await usePassword(tx, request.ownerUserId, entryTargets.apiV3KeyReset())
    const changed = await tx.run('UPDATE merchants SET api_v3_key_sealed = ? WHERE id = ? AND mchid IS NOT NULL', cipher.seal(apiV3Key, APIV3_SEAL_CONTEXT(merchant.id)), merchant.id)
    if (changed !== 1) throw new DomainError('API_KEY_NOT_FOUND')
    return apiV3Key
  })
}

/** The owner's verified password entry for `target`, used up; refused (asking for it) when there is none. */
async function usePassword(tx: Tx, ownerUserId: number, target: string): Promise<void> {
  const owner = await tx.get<{ password_hash: unknown }>('SELECT password_hash FROM users WHERE id = ?', ownerUserId)
  if (owner?.password_hash === null) throw new DomainError('PASSWORD_NOT_SET')
  if (!(await useVerifiedEntry(tx, ownerUserId, target))) throw new DomainError('PASSWORD_REQUIRED', {}, { ownerUserId })
}

/** The owner's merchant's API identity and active key serials, or undefined before a key was registered. */
export function apiAccess(db: Database, ownerUserId: number): Promise<(ApiIdentity & { serials: string[] }) | undefined> {
  return db.read(async (tx) => {
    const merchant = await ownMerchant(tx, ownerUserId)
    const row = await tx.get<Record<string, unknown>>('SELECT mchid, appid, api_serial_mode FROM merchants WHERE id = ?', merchant.id)
    if (!row?.mchid) return undefined
    const keys = await tx.all<{ serial_no: string }>(`SELECT serial_no FROM merchant_api_keys WHERE merchant_id = ? AND status = 'active' ORDER BY id`, merchant.id)
    return { ...toIdentity(row), serials: keys.map((key) => key.serial_no) }
  })
}

/** The active key a request names by its serial, with the merchant it belongs to; undefined when none. */
export function activeApiKey(db: Database, serialNo: string): Promise<ApiKey | undefined> {
  return db.read(async (tx) => {
    const row = await tx.get<Record<string, unknown>>(
      `SELECT k.merchant_id, k.serial_no, k.public_key_pem, m.mchid, m.appid, m.api_serial_mode FROM merchant_api_keys k JOIN merchants m ON m.id = k.merchant_id
       WHERE k.serial_no = ? AND k.status = 'active'`,
      normalizeSerial(serialNo),
    )
    return row && { merchantId: asNumber(row.merchant_id), ...toIdentity(row), serialNo: row.serial_no as string, publicKeyPem: row.public_key_pem as string }
  }, { snapshot: false }) // one statement, on every request: no transaction around it
}

/**
 * Uses a request's nonce: false when this merchant used it before within the window its
 * timestamp is accepted in (a replay). Kept until `expiresAt`, then pruned.
 */
export function useNonce(db: Database, merchantId: number, nonce: string, expiresAt: Date): Promise<boolean> {
  return db.write(async (tx) => (await tx.run('INSERT INTO merchant_api_nonces (merchant_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT (merchant_id, nonce) DO NOTHING', merchantId, nonce, expiresAt)) === 1)
}

/** Forgets nonces whose requests could no longer be accepted anyway; returns how many. */
export function pruneNonces(db: Database, limit: number): Promise<number> {
  return db.write((tx) =>
    tx.run(
      `DELETE FROM merchant_api_nonces WHERE (merchant_id, nonce) IN (SELECT merchant_id, nonce FROM merchant_api_nonces WHERE expires_at <= ? LIMIT ${Math.trunc(limit)})`,
      tx.now,
    ),
  )
}

/** The merchant's APIv3 key, to seal a notification with. */
export async function apiV3KeyOf(tx: Tx, cipher: FieldCipher, merchantId: number): Promise<string> {
  const row = await tx.get<{ api_v3_key_sealed: string | null }>('SELECT api_v3_key_sealed FROM merchants WHERE id = ?', merchantId)
  if (!row?.api_v3_key_sealed) throw new Error(`merchant ${merchantId} has no APIv3 key`)
  return cipher.open(row.api_v3_key_sealed, APIV3_SEAL_CONTEXT(merchantId))
}

/** A merchant's API identity (a notification names its merchant by id). */
export async function apiIdentity(tx: Tx, merchantId: number): Promise<ApiIdentity> {
  const row = await tx.get<Record<string, unknown>>('SELECT mchid, appid, api_serial_mode FROM merchants WHERE id = ?', merchantId)
  if (!row?.mchid) throw new Error(`merchant ${merchantId} has no API identity`)
  return toIdentity(row)
}

/**
 * Which id the owner's merchant's answers and notifications name the platform key by: its
 * SDK's configuration decides (public-key mode, as WeChat Pay gives new merchants, or
 * certificate mode, fetching `/v3/certificates`).
 */
export function setSerialMode(db: Database, ownerUserId: number, mode: SerialMode): Promise<void> {
  return db.write(async (tx) => {
    const merchant = await ownMerchant(tx, ownerUserId)
    if ((await tx.run('UPDATE merchants SET api_serial_mode = ? WHERE id = ? AND mchid IS NOT NULL', mode, merchant.id)) !== 1) throw new DomainError('API_KEY_NOT_FOUND')
  })
}

function toIdentity(row: Record<string, unknown>): ApiIdentity {
  return { mchid: row.mchid as string, appid: row.appid as string, serialMode: row.api_serial_mode === 'public_key' ? 'public_key' : 'certificate' }
}

/** Merchant numbers look like WeChat Pay's: ten digits. */
const mchidOf = (merchantId: number) => String(1_900_000_000 + merchantId)

/**
 * The key and its serial: a certificate's own serial, or for a bare public key one issued
 * here (16 random bytes, top bit clear, so no SDK adds a `00` in front).
 */
function parseMerchantKey(pem: string): { publicKeyPem: string; serialNo: string } {
  const text = pem.trim()
  if (text.length === 0 || text.length > MAX_KEY_PEM_CHARS) throw new DomainError('API_KEY_INVALID')
  if (text.includes('PRIVATE KEY')) throw new DomainError('API_KEY_PRIVATE')
  try {
    if (text.includes('BEGIN CERTIFICATE')) {
      const certificate = new X509Certificate(text)
      const key = rsaPublicKeyFromPem(certificate.publicKey.export({ type: 'spki', format: 'pem' }) as string)
      return { publicKeyPem: key.export({ type: 'spki', format: 'pem' }) as string, serialNo: normalizeSerial(certificate.serialNumber) }
    }
    const key = rsaPublicKeyFromPem(createPublicKey(text).export({ type: 'spki', format: 'pem' }) as string)
    const serial = randomBytes(20)
    serial[0] = (serial[0]! & 0x7f) | 0x10
    return { publicKeyPem: key.export({ type: 'spki', format: 'pem' }) as string, serialNo: normalizeSerial(serial.toString('hex')) }
  } catch {
    throw new DomainError('API_KEY_INVALID')
  }
}
