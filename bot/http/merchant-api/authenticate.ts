import type { KeyObject } from 'node:crypto'
import type { CoreModules } from '../../../core/core.js'
import type { ApiIdentity } from '../../../core/merchant-api/credentials.js'
import { requestMessage, rsaPublicKeyFromPem, verifyRsa } from '../../../core/merchant-api/wire-crypto.js'
import { ApiError } from './api-errors.js'

const SCHEME = 'WECHATPAY2-SHA256-RSA2048'
/** A request's timestamp may be this far from our clock, either way (WeChat Pay's window). */
export const TIMESTAMP_WINDOW_S = 300
const PARAMETER = /([a-z_]+)="([^"]*)"/g
const REQUIRED = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'] as const
/** Printable and bounded: a 4096-bit key's signature is 684 base64 characters. */
const SANE = /^[\x21-\x7e]{1,1024}$/

export interface RequestToCheck {
  method: string
  /** The path and query exactly as the request line carried them: what the shop signed. */
  target: string
  authorization: string | undefined
  body: string
}

/**
 * Checks a request's `WECHATPAY2-SHA256-RSA2048` Authorization as WeChat Pay does: the
 * parameters (in any order), the timestamp within ±300 s, an active key by that serial that
 * belongs to that mchid, RSA-SHA256 over the method, target, timestamp, nonce and raw body,
 * and a nonce not used before in the window. Any failure is SIGN_ERROR, and only a request
 * that passed everything uses its nonce; `admit` (the merchant's rate limit) may refuse it just
 * before. Returns the merchant it is from.
 */
export async function authenticate(core: CoreModules, request: RequestToCheck, now: Date, admit: (merchantId: number) => void): Promise<ApiIdentity & { merchantId: number }> {
  const header = request.authorization?.trim() ?? ''
  if (!header.startsWith(`${SCHEME} `)) throw signError('authorization')
  const parameters = new Map<string, string>()
  for (const [, name, value] of header.slice(SCHEME.length + 1).matchAll(PARAMETER)) parameters.set(name!, value!)
  const [mchid, nonce, timestamp, serial, signature] = REQUIRED.map((name) => parameters.get(name) ?? '')
  if (![mchid, nonce, timestamp, serial, signature].every((value) => SANE.test(value!))) throw signError('authorization')
  if (!/^\d{1,12}$/.test(timestamp!) || Math.abs(Number(timestamp) - now.getTime() / 1000) > TIMESTAMP_WINDOW_S) throw signError('timestamp')
  const key = await core.merchantApi.keyBySerial(serial!)
  if (!key || key.mchid !== mchid) throw signError('serial_no')
  if (!verifyRsa(parsedKey(key.serialNo, key.publicKeyPem), requestMessage(request.method, request.target, timestamp!, nonce!, request.body), signature!)) throw signError('signature')
  admit(key.merchantId) // the merchant's rate, before its nonce costs a write
  const expiresAt = new Date((Number(timestamp) + TIMESTAMP_WINDOW_S) * 1000 + 60_000)
  if (!(await core.merchantApi.useNonce(key.merchantId, nonce!, expiresAt))) throw signError('nonce_str')
  return { merchantId: key.merchantId, mchid: key.mchid, appid: key.appid, serialMode: key.serialMode }
}

/**
 * Parsed keys by serial: parsing a PEM costs several times the verify itself. The row is still
 * read on every request (a revoked key stops at once); only its parsing is kept.
 */
const parsedKeys = new Map<string, { pem: string; key: KeyObject }>()
const MAX_PARSED_KEYS = 10_000

function parsedKey(serialNo: string, pem: string): KeyObject {
  const cached = parsedKeys.get(serialNo)
  if (cached?.pem === pem) return cached.key
  if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear()
  const key = rsaPublicKeyFromPem(pem)
  parsedKeys.set(serialNo, { pem, key })
  return key
}

const signError = (field: string) => new ApiError('SIGN_ERROR', { field })
