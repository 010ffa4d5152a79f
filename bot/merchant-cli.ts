/**
 * `npm run merchant -- <command>`: the merchant API's credentials for operators and scripts,
 * without the bot's chat. Prints one JSON object (or `{"error": CODE}` and exits 1).
 *
 *   create --owner <telegram id> --name <name> [--category <category>] --key <pem file>
 *       opens the owner's merchant if they have none, registers its public key (an RSA public
 *       key or an X.509 certificate) and prints mchid, appid, the merchant serial number, the
 *       APIv3 key (only the first time), and the platform's public key and certificate
 *   rotate --owner <telegram id> --key <pem file>   a new key; the ones before it are revoked
 *   revoke --owner <telegram id> --serial <serial>  requests signed with it are refused
 *   show --owner <telegram id>                      mchid, appid, active serials, platform key
 *   reset-apiv3 --owner <telegram id>               a new APIv3 key (the first one lost or leaked), shown once
 *   mode --owner <telegram id> --to public-key|certificate
 *       how answers and notifications name the platform key (Wechatpay-Serial), as the
 *       shop's SDK is configured
 *
 * The owner must have started the bot (their wallet exists).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createCore, type Core } from '../core/core.js'
import { openDatabase } from '../core/db/database.js'
import { isDomainError } from '../core/errors.js'
import { ConfigError, loadConfig } from './config.js'
import { loadServerKeys } from './server-keys.js'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { owner: { type: 'string' }, name: { type: 'string' }, category: { type: 'string' }, key: { type: 'string' }, serial: { type: 'string' }, to: { type: 'string' } },
})

/** A refusal: printed as `{"error": CODE, "detail"?}`, exit code 1. */
class CliFailure extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
  ) {
    super(code)
  }
}

function fail(error: string, detail?: string): never {
  throw new CliFailure(error, detail)
}

function exitWith(failure: CliFailure): never {
  console.log(JSON.stringify({ error: failure.code, ...(failure.detail ? { detail: failure.detail } : {}) }))
  process.exit(1)
}

let config
let keys
try {
  config = loadConfig(process.env)
  keys = loadServerKeys(process.env, config.databaseUrl)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  exitWith(new CliFailure('CONFIG', error.problems.join('; ')))
}
const db = await openDatabase({ url: config.databaseUrl })
const core = createCore({ db, wallet: config.wallet, passwordPepper: keys.passwordPepper, encryptionKeys: keys.encryptionKeys })

async function ownerId(): Promise<number> {
  if (!/^\d+$/.test(values.owner ?? '')) fail('PARAM_ERROR', '--owner <telegram id> is required')
  const owner = await core.users.byTelegramId(BigInt(values.owner!))
  if (!owner) fail('USER_NOT_FOUND', 'the owner must have started the bot')
  return owner.id
}

function keyPem(): string {
  if (!values.key) fail('PARAM_ERROR', '--key <pem file> is required')
  try {
    return readFileSync(values.key, 'utf8')
  } catch {
    fail('PARAM_ERROR', `cannot read ${values.key}`)
  }
}

/** What a shop configures its SDK with, besides its own private key. */
async function platform(core: Core) {
  const key = await core.merchantApi.platformKey()
  return { platform_public_key_id: key.publicKeyId, platform_public_key: key.publicKeyPem, platform_serial_no: key.serialNo, platform_certificate: key.certificatePem }
}

async function main(): Promise<Record<string, unknown>> {
  const command = positionals[0]
  if (command === 'create' || command === 'rotate') {
    const ownerUserId = await ownerId()
    if (command === 'create' && !(await core.merchants.of(ownerUserId))) {
      if (!values.name) fail('PARAM_ERROR', '--name <name> is required')
      await core.merchants.create({ ownerUserId, name: values.name, category: values.category ?? 'Online' })
    }
    const issued = await core.merchantApi.registerKey({ ownerUserId, keyPem: keyPem(), by: 'operator' })
    return { mchid: issued.mchid, appid: issued.appid, merchant_serial_no: issued.merchantSerialNo, ...(issued.apiV3Key ? { apiv3_key: issued.apiV3Key } : {}), ...(await platform(core)) }
  }
  if (command === 'revoke') {
    if (!values.serial) fail('PARAM_ERROR', '--serial <serial> is required')
    await core.merchantApi.revokeKey({ ownerUserId: await ownerId(), serialNo: values.serial, by: 'operator' })
    return { revoked: values.serial }
  }
  if (command === 'reset-apiv3') {
    return { apiv3_key: await core.merchantApi.resetApiV3Key({ ownerUserId: await ownerId(), by: 'operator' }) }
  }
  if (command === 'mode') {
    const mode = values.to === 'public-key' ? 'public_key' : values.to === 'certificate' ? 'certificate' : fail('PARAM_ERROR', '--to public-key|certificate is required')
    await core.merchantApi.setSerialMode(await ownerId(), mode)
    return { serial_mode: values.to }
  }
  if (command === 'show') {
    const access = await core.merchantApi.access(await ownerId())
    if (!access) fail('API_KEY_NOT_FOUND', 'no key registered yet: use create')
    return { mchid: access.mchid, appid: access.appid, merchant_serial_nos: access.serials, serial_mode: access.serialMode === 'public_key' ? 'public-key' : 'certificate', ...(await platform(core)) }
  }
  fail('PARAM_ERROR', 'commands: create, rotate, revoke, show, mode, reset-apiv3')
}

let failure: CliFailure | undefined
try {
  console.log(JSON.stringify(await main(), null, 2))
} catch (error) {
  if (isDomainError(error)) failure = new CliFailure(error.code)
  else if (error instanceof CliFailure) failure = error
  else throw error
} finally {
  await db.close()
}
if (failure) exitWith(failure)
