import { createPrivateKey, generateKeyPairSync, randomBytes, randomInt, type KeyObject } from 'node:crypto'
import type { Database } from '../db/database.js'
import { asDate } from '../db/port.js'
import type { FieldCipher } from '../security/field-cipher.js'
import { selfSignedCertificate } from './platform-certificate.js'
import { normalizeSerial } from './wire-crypto.js'

/** The platform's signing key, as responses and notifications use it. */
export interface PlatformKey {
  /** `PUB_KEY_ID_` and digits (public-key mode). */
  publicKeyId: string
  /** The certificate's serial, upper-case hex (certificate mode; what `Wechatpay-Serial` names). */
  serialNo: string
  privateKey: KeyObject
  publicKeyPem: string
  certificatePem: string
  /** When the certificate became valid (`effective_time` in `GET /v3/certificates`). */
  createdAt: Date
}

const ROW_ID = 1
const SEAL_CONTEXT = 'platform_keys.private_key_sealed'
const CERTIFICATE_YEARS = 10

/**
 * The platform key, made on first use. Every instance reads the same row: two that start at
 * once both make a key, one insert wins, and both use the winner's.
 */
export async function loadPlatformKey(db: Database, cipher: FieldCipher): Promise<PlatformKey> {
  const existing = await db.read((tx) => tx.get<Record<string, unknown>>('SELECT * FROM platform_keys WHERE id = ?', ROW_ID))
  if (existing) return toPlatformKey(existing, cipher)
  // Made outside the unit of work: an RSA key takes tens of milliseconds of CPU.
  const made = makeKey(db.clock.now())
  const row = await db.write(async (tx) => {
    await tx.run(
      `INSERT INTO platform_keys (id, public_key_id, serial_no, private_key_sealed, public_key_pem, certificate_pem, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ROW_ID,
      made.publicKeyId,
      made.serialNo,
      cipher.seal(made.privateKeyPem, SEAL_CONTEXT),
      made.publicKeyPem,
      made.certificatePem,
      tx.now,
    )
    return tx.get<Record<string, unknown>>('SELECT * FROM platform_keys WHERE id = ?', ROW_ID)
  })
  return toPlatformKey(row!, cipher)
}

function makeKey(now: Date) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const serial = randomBytes(16)
  serial[0] = (serial[0]! & 0x7f) | 0x10 // top bit clear, no leading zero: one spelling everywhere
  const digits = Array.from({ length: 24 }, () => randomInt(10)).join('')
  return {
    publicKeyId: `PUB_KEY_ID_01${digits}`,
    serialNo: normalizeSerial(serial.toString('hex')),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    certificatePem: selfSignedCertificate({ publicKey, privateKey, serial, commonName: 'Lingqian merchant API platform', notBefore: now, validYears: CERTIFICATE_YEARS }),
  }
}

function toPlatformKey(row: Record<string, unknown>, cipher: FieldCipher): PlatformKey {
  return {
    publicKeyId: row.public_key_id as string,
    serialNo: row.serial_no as string,
    privateKey: createPrivateKey(cipher.open(row.private_key_sealed as string, SEAL_CONTEXT)),
    publicKeyPem: row.public_key_pem as string,
    certificatePem: row.certificate_pem as string,
    createdAt: asDate(row.created_at),
  }
}
