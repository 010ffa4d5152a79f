import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ENGINE, openTestWallet, tempDatabase, TEST_ENCRYPTION_KEYS, TEST_PEPPER, type TempDatabase } from '../helpers/db.js'
import { shopKeys } from '../helpers/shop.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

describe(`npm run merchant: credentials without the chat (${ENGINE})`, () => {
  let t: TempDatabase
  beforeEach(async () => (t = await tempDatabase()))
  afterEach(() => t.dispose())

  const env = () => ({ ...process.env, BOT_TOKEN: '', DATABASE_URL: t.url, PASSWORD_PEPPER: TEST_PEPPER.toString('base64'), ENCRYPTION_KEY: TEST_ENCRYPTION_KEYS.current.toString('base64') })
  const cli = async (...args: string[]) => JSON.parse((await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/merchant-cli.ts'), ...args], { cwd: ROOT, env: env() })).stdout)
  const pemFile = (name: string, pem: string) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lingqian-key-')), `${name}.pem`)
    writeFileSync(file, pem)
    return file
  }

  it('create opens the merchant and issues its credentials (the APIv3 key once); rotate, show and revoke', async () => {
    const owner = await openTestWallet(t.db, 'shopowner')
    const first = shopKeys()
    const created = await cli('create', '--owner', String(owner.telegramId), '--name', 'Lucky Noodles', '--key', pemFile('first', first.certificatePem))
    expect(created).toMatchObject({ mchid: expect.stringMatching(/^\d{10}$/), appid: expect.stringMatching(/^wx[0-9a-f]{16}$/), apiv3_key: expect.stringMatching(/^[A-Za-z0-9]{32}$/) })
    expect(created.platform_public_key_id).toMatch(/^PUB_KEY_ID_\d+$/)
    expect(created.platform_certificate).toMatch(/^-----BEGIN CERTIFICATE-----/)
    const rotated = await cli('rotate', '--owner', String(owner.telegramId), '--key', pemFile('second', shopKeys().publicKeyPem))
    expect(rotated.mchid).toBe(created.mchid)
    expect(rotated.apiv3_key).toBeUndefined() // shown once, never again
    expect(await cli('show', '--owner', String(owner.telegramId))).toMatchObject({ mchid: created.mchid, merchant_serial_nos: [rotated.merchant_serial_no], serial_mode: 'certificate' })
    expect(await cli('mode', '--owner', String(owner.telegramId), '--to', 'public-key')).toEqual({ serial_mode: 'public-key' })
    const reset = await cli('reset-apiv3', '--owner', String(owner.telegramId))
    expect(reset.apiv3_key).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(reset.apiv3_key).not.toBe(created.apiv3_key)
    expect(await cli('show', '--owner', String(owner.telegramId))).toMatchObject({ serial_mode: 'public-key' })
    expect(await cli('revoke', '--owner', String(owner.telegramId), '--serial', rotated.merchant_serial_no)).toEqual({ revoked: rotated.merchant_serial_no })
    expect(await cli('show', '--owner', String(owner.telegramId))).toMatchObject({ merchant_serial_nos: [] })
  })

  it('refuses a private key, an unknown owner, and a missing argument, saying so in JSON', async () => {
    const owner = await openTestWallet(t.db, 'careless')
    const refused = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { stdout: string }) => JSON.parse(error.stdout))
    const key = shopKeys()
    expect(await refused(cli('create', '--owner', String(owner.telegramId), '--name', 'Oops', '--key', pemFile('private', key.privateKeyPem)))).toEqual({ error: 'API_KEY_PRIVATE' })
    expect(await refused(cli('create', '--owner', '999999999', '--name', 'Nobody', '--key', pemFile('public', key.publicKeyPem)))).toMatchObject({ error: 'USER_NOT_FOUND' })
    expect(await refused(cli('create', '--owner', String(owner.telegramId), '--name', 'No key'))).toMatchObject({ error: 'PARAM_ERROR' })
  })
})
