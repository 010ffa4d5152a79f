import { createCipheriv, createDecipheriv, createPublicKey, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto'

/*
 * The cryptography of WeChat Pay's APIv3 wire, which a shop's SDK does on its side: requests
 * and responses are signed with RSA-SHA256 (PKCS#1 v1.5, base64) over newline-terminated
 * lines; notification resources are sealed with AEAD_AES_256_GCM under the merchant's
 * 32-character APIv3 key.
 */

/** What a request's signature covers: `METHOD\n/path?query\nTIMESTAMP\nNONCE\nBODY\n` (an empty body for GET). */
export const requestMessage = (method: string, target: string, timestamp: string, nonce: string, body: string) => `${method}\n${target}\n${timestamp}\n${nonce}\n${body}\n`

/** What a response's or notification's signature covers: `TIMESTAMP\nNONCE\nBODY\n`. */
export const responseMessage = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`

export function signRsa(privateKey: KeyObject, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKey, 'base64')
}

/** False for a wrong signature and for one that is not base64 of the right length. */
export function verifyRsa(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64')
  } catch {
    return false
  }
}

/**
 * A public key from what a merchant registered: an RSA public key or an X.509 certificate,
 * in PEM. Refuses anything else, and RSA keys outside 2048–4096 bits.
 */
export function rsaPublicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem)
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (key.asymmetricKeyType !== 'rsa' || bits < 2048 || bits > 4096) throw new Error('not an RSA key of 2048 to 4096 bits')
  return key
}

/**
 * A serial number as it is compared: upper-case hex without leading zeros. SDKs differ in
 * case and in a `00` put in front when the top bit is set.
 */
export const normalizeSerial = (serial: string) => serial.trim().toUpperCase().replace(/^0+(?=.)/, '')

/** A random string of `length` letters and digits (nonces, APIv3 keys). */
export function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  // 248 is the largest multiple of 62 below 256: bytes above it are skipped, so every character is equally likely.
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += alphabet[byte % 62]
    }
  }
  return out
}

export interface SealedResource {
  algorithm: 'AEAD_AES_256_GCM'
  ciphertext: string
  associated_data: string
  nonce: string
}

/** AEAD_AES_256_GCM: key = the APIv3 key's 32 ASCII bytes, IV = a 12-character nonce's bytes, ciphertext = base64(ciphertext ‖ tag). */
export function sealResource(apiV3Key: string, plaintext: string, associatedData: string): SealedResource {
  const nonce = randomAlphanumeric(12)
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'ascii'), Buffer.from(nonce, 'ascii'))
  cipher.setAAD(Buffer.from(associatedData))
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: sealed.toString('base64'), associated_data: associatedData, nonce }
}

/** The inverse of sealResource, as a shop opens a notification's resource with its APIv3 key. */
export function openResource(apiV3Key: string, resource: Pick<SealedResource, 'ciphertext' | 'nonce' | 'associated_data'>): string {
  const sealed = Buffer.from(resource.ciphertext, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'ascii'), Buffer.from(resource.nonce, 'ascii'))
  decipher.setAAD(Buffer.from(resource.associated_data))
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8')
}
