/**
 * `npm run reencrypt`: after ENCRYPTION_KEY was replaced (the old key moved to
 * ENCRYPTION_KEYS_PREVIOUS), re-seals every stored phone number and bank card number under the
 * new key, a batch at a time, safe beside a running bot. Prints JSON: how many values moved and the key id they
 * are under now. Once it printed, the old key can leave ENCRYPTION_KEYS_PREVIOUS.
 */
import { reencryptCardNumbers } from '../core/bank/reencrypt.js'
import { openDatabase } from '../core/db/database.js'
import { DEFAULT_DATABASE_URL } from '../core/db/default-url.js'
import { FieldCipher } from '../core/security/field-cipher.js'
import { reencryptPhones } from '../core/security/phone.js'
import { ConfigError } from './config.js'
import { loadServerKeys } from './server-keys.js'

const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL
let cipher: FieldCipher
try {
  const { encryptionKeys } = loadServerKeys(process.env, url)
  cipher = new FieldCipher(encryptionKeys.current, encryptionKeys.previous)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.problems.join('\n'))
  process.exit(1)
}
const db = await openDatabase({ url })
try {
  let reencrypted = 0
  for (const reencrypt of [reencryptPhones, reencryptCardNumbers]) {
    for (let batch = await reencrypt(db, cipher); batch > 0; batch = await reencrypt(db, cipher)) reencrypted += batch
  }
  console.log(JSON.stringify({ reencrypted, keyId: cipher.currentKeyId }))
} finally {
  await db.close()
}
