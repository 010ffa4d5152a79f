import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FieldCipher, keyIdOf } from '../../core/security/field-cipher.js'
import { verifyPhone } from '../../core/security/phone.js'
import { ENGINE, openTestWallet, tempDatabase, TEST_PEPPER, type TempDatabase } from '../helpers/db.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

describe(`npm run reencrypt: every phone number moves to the new key (${ENGINE})`, () => {
  let t: TempDatabase
  beforeEach(async () => (t = await tempDatabase()))
  afterEach(() => t.dispose())

  it('re-seals what the old key sealed, prints JSON, and a second run finds nothing left', async () => {
    const [oldKey, newKey] = [Buffer.alloc(32, 4), Buffer.alloc(32, 5)]
    for (const [i, phone] of ['+8613812345678', '+15550109999', '+447700900123'].entries()) {
      await verifyPhone(t.db, new FieldCipher(oldKey), (await openTestWallet(t.db, `person${i}`)).id, phone)
    }
    const env = { ...process.env, DATABASE_URL: t.url, PASSWORD_PEPPER: TEST_PEPPER.toString('base64'), ENCRYPTION_KEY: newKey.toString('base64'), ENCRYPTION_KEYS_PREVIOUS: oldKey.toString('base64') }
    const cli = () => run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/reencrypt-cli.ts')], { cwd: ROOT, env })
    expect(JSON.parse((await cli()).stdout)).toEqual({ reencrypted: 3, keyId: keyIdOf(newKey) })
    expect(JSON.parse((await cli()).stdout)).toEqual({ reencrypted: 0, keyId: keyIdOf(newKey) })
    const rows = await t.db.read((tx) => tx.all<{ phone_sealed: string }>('SELECT phone_sealed FROM users WHERE phone_sealed IS NOT NULL'))
    expect(rows.map((row) => row.phone_sealed.split('.')[0])).toEqual([keyIdOf(newKey), keyIdOf(newKey), keyIdOf(newKey)])
  })

  it('refuses to start without the key the values need, saying which', async () => {
    const env = { ...process.env, DATABASE_URL: t.url, PASSWORD_PEPPER: TEST_PEPPER.toString('base64'), ENCRYPTION_KEY: Buffer.alloc(8).toString('base64') }
    await expect(run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/reencrypt-cli.ts')], { cwd: ROOT, env })).rejects.toMatchObject({ stderr: expect.stringMatching(/ENCRYPTION_KEY must be base64 of at least 32/) })
  })
})
