import { randomUUID } from 'node:crypto'
import type { SerialMode } from '../../../core/merchant-api/credentials.js'
import type { PlatformKey } from '../../../core/merchant-api/platform-key.js'
import { randomAlphanumeric, responseMessage, signRsa } from '../../../core/merchant-api/wire-crypto.js'

/**
 * Headers that sign a body as WeChat Pay signs its answers and notifications: a timestamp,
 * a nonce, the platform key's id and RSA-SHA256 of `TS\nNONCE\nBODY\n`. Strict clients
 * refuse any answer without them, errors and 204 included. The key is named as the merchant's
 * SDK knows it: by the certificate's serial (certificate mode, also before we know who asks)
 * or by its PUB_KEY_ID_… (public-key mode).
 */
export function signatureHeaders(platform: PlatformKey, body: string, now: Date, mode: SerialMode = 'certificate'): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000))
  const nonce = randomAlphanumeric(32)
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': mode === 'public_key' ? platform.publicKeyId : platform.serialNo,
    'Wechatpay-Signature': signRsa(platform.privateKey, responseMessage(timestamp, nonce, body)),
  }
}

/** A signed answer: compact JSON (or nothing, for 204), with a Request-ID to quote. */
export function signedReply(platform: PlatformKey, status: number, body: unknown, now: Date, mode?: SerialMode): Response {
  const text = body === null || status === 204 ? '' : JSON.stringify(body)
  const headers: Record<string, string> = { ...signatureHeaders(platform, text, now, mode), 'Request-ID': randomUUID() }
  if (text) headers['Content-Type'] = 'application/json; charset=utf-8'
  return new Response(text || null, { status, headers })
}
