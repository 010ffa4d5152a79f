import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

const IV_BYTES = 12
const TAG_BYTES = 16

interface Key {
  id: string
  bytes: Buffer
}

/**
 * Seals personal data (phone numbers; card numbers next) for storage: AES-256-GCM under the
 * current key, the key's id in front so an older key can still open what it sealed, and a
 * context (the column and the row's owner) bound in as associated data, so a sealed value
 * copied into another row or column does not open there. A key's id is derived from the key
 * itself (the first 8 hex digits of its SHA-256): nothing to name or keep in step.
 * Sealed form: `<key id>.<iv>.<ciphertext and tag>`, base64url.
 */
export class FieldCipher {
  readonly #current: Key
  readonly #byId = new Map<string, Key>()

  constructor(current: Uint8Array, previous: readonly Uint8Array[] = []) {
    for (const bytes of [current, ...previous]) {
      if (bytes.length !== 32) throw new Error('an encryption key must be 32 bytes')
      const key = { id: keyIdOf(bytes), bytes: Buffer.from(bytes) }
      if (!this.#byId.has(key.id)) this.#byId.set(key.id, key)
    }
    this.#current = this.#byId.get(keyIdOf(current))!
  }

  get currentKeyId(): string {
    return this.#current.id
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#current.bytes, iv)
    cipher.setAAD(Buffer.from(context))
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${this.#current.id}.${iv.toString('base64url')}.${sealed.toString('base64url')}`
  }

  /** Opens a sealed value; throws if its key is unknown or it was altered or moved. */
  open(sealed: string, context: string): string {
    const [id = '', iv = '', body = ''] = sealed.split('.')
    const key = this.#byId.get(id)
    if (!key) throw new Error(`no encryption key with id ${id}: add the old key to ENCRYPTION_KEYS_PREVIOUS`)
    const data = Buffer.from(body, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES))
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8')
  }
}

export const keyIdOf = (key: Uint8Array) => createHash('sha256').update(key).digest('hex').slice(0, 8)
